package io.flowmesh.functions.outbound;

/**
 * One classification of outbound HTTP errors for every function that calls out, so the
 * orchestrator's retry policy sees the same codes everywhere: a 4xx answer will not change on retry
 * (non-retryable, except 408 and 429), 5xx, timeouts and broken connections may (retryable).
 */
public final class HttpErrors {

  /** The URL is malformed or points at a forbidden address (SSRF guard). */
  public static final String TARGET_FORBIDDEN = "TARGET_FORBIDDEN";

  /** No complete response within the deadline. */
  public static final String TIMEOUT = "TIMEOUT";

  /** Connection refused or reset, or another network error. */
  public static final String CONNECTION_FAILED = "CONNECTION_FAILED";

  /** The response body exceeds the configured limit. */
  public static final String RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";

  private HttpErrors() {}

  /** {@code HTTP_404}, {@code HTTP_503}, ... */
  public static String code(int status) {
    return "HTTP_" + status;
  }

  /** Whether a request answered with this status may succeed when retried. */
  public static boolean retryable(int status) {
    return status >= 500 || status == 429 || status == 408;
  }

  /** The code of a call that got no response. */
  public static String code(OutboundFailure failure) {
    return switch (failure.kind()) {
      case FORBIDDEN -> TARGET_FORBIDDEN;
      case TIMEOUT -> TIMEOUT;
      case CONNECTION -> CONNECTION_FAILED;
      case TOO_LARGE -> RESPONSE_TOO_LARGE;
    };
  }

  /** Whether a call that got no response may succeed when retried. */
  public static boolean retryable(OutboundFailure failure) {
    return failure.kind() == OutboundFailure.Kind.TIMEOUT
        || failure.kind() == OutboundFailure.Kind.CONNECTION;
  }
}
