package io.flowmesh.orchestrator.run;

/** The states of a run (DESIGN.md, "Workflow definitions"). */
public enum RunStatus {
  PENDING,
  RUNNING,
  WAITING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** Whether nothing can happen to the run any more. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
