package io.flowmesh.orchestrator.run;

/** An operation does not apply to the run in its current state; the message says why. */
public class RunStateConflictException extends RuntimeException {
  public RunStateConflictException(String message) {
    super(message);
  }
}
