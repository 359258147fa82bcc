package io.flowmesh.client.worker;

import java.util.Objects;

/** Thrown by a {@link TaskHandler} to fail its task with a code of its own. */
public class TaskFailure extends RuntimeException {

  private final String code;
  private final boolean retryable;

  /**
   * @param code upper-case letters, digits and underscores, e.g. {@code OUT_OF_STOCK}
   * @param message shown in the run's history
   * @param retryable whether the node's retry policy may try again
   */
  public TaskFailure(String code, String message, boolean retryable) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
