package io.flowmesh.functions.outbound;

/**
 * An outbound call that produced no HTTP response. The message is safe to show to the function's
 * owner: it never contains request headers or bodies.
 */
public class OutboundFailure extends Exception {

  /** What went wrong. */
  public enum Kind {
    /** The URL is malformed or its address is forbidden (SSRF guard). */
    FORBIDDEN,
    /** No complete response within the deadline. */
    TIMEOUT,
    /** Connection refused, reset or another I/O error. */
    CONNECTION,
    /** The response body exceeds the configured limit. */
    TOO_LARGE
  }

  private final Kind kind;

  public OutboundFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
