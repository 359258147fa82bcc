package io.flowmesh.client;

/**
 * Flowmesh could not be reached (refused, reset, timed out) or kept answering 503, on every attempt
 * the {@link RetryPolicy} allowed.
 */
public final class FlowmeshConnectionException extends FlowmeshException {

  /** The last attempt's failure, after {@code attempts} attempts. */
  public FlowmeshConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
