package io.flowmesh.client;

/** Every failure of a call to Flowmesh: a problem answer, no connection, or a wait that ran out. */
public class FlowmeshException extends RuntimeException {

  /** A failure with its message. */
  public FlowmeshException(String message) {
    super(message);
  }

  /** A failure with its message and cause. */
  public FlowmeshException(String message, Throwable cause) {
    super(message, cause);
  }
}
