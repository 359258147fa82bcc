package io.flowmesh.orchestrator.run;

/** The states of a run (docs/runs.md, "States"). */
public enum RunStatus {
  PENDING,
  RUNNING,
  WAITING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED;

  /**
   * Whether the run is neither paused nor finished: it is RUNNING or WAITING as its open nodes say,
   * and each transition sets which of the two.
   */
  public boolean isActive() {
    return this == RUNNING || this == WAITING;
  }

  /** Whether nothing can happen to the run any more. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** Whether a run in this state allows the operation ({@link RunOperation} holds the table). */
  public boolean allows(RunOperation operation) {
    return operation.allowedIn().contains(this);
  }
}
