package io.flowmesh.webhooks.subscription;

/** An update without {@code If-Match}, or with one that no longer matches the ETag. */
public class PreconditionFailedException extends RuntimeException {

  private final boolean missing;

  PreconditionFailedException(String message, boolean missing) {
    super(message);
    this.missing = missing;
  }

  /** Whether the header was missing (428) rather than stale (412). */
  public boolean missing() {
    return missing;
  }
}
