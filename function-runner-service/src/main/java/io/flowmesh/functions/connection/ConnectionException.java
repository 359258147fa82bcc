package io.flowmesh.functions.connection;

/**
 * A connection could not be resolved. The message names the connection and what happened, never a
 * secret.
 */
public class ConnectionException extends RuntimeException {

  /** No such connection for the tenant (404): fixing the workflow is needed, retrying is not. */
  public static final String NOT_FOUND = "CONNECTION_NOT_FOUND";

  /** integration-service did not answer usably; a retry may succeed. */
  public static final String UNAVAILABLE = "CONNECTION_UNAVAILABLE";

  /** The connection exists but is of a type the function cannot use. */
  public static final String WRONG_TYPE = "CONNECTION_TYPE_MISMATCH";

  /**
   * The node names an integration its run was not started with (or the run's credentials expired or
   * were purged): fixing the start request is needed, retrying is not.
   */
  public static final String RUN_CREDENTIALS_NOT_FOUND = "RUN_CREDENTIALS_NOT_FOUND";

  /** integration-service did not answer usably for a run's credentials; a retry may succeed. */
  public static final String RUN_CREDENTIALS_UNAVAILABLE = "RUN_CREDENTIALS_UNAVAILABLE";

  private final String code;
  private final boolean retryable;

  public ConnectionException(String code, String message, boolean retryable) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
