package io.flowmesh.functions.direct;

/** A direct call reused an execution id of the tenant for another function or input. */
public class ExecutionIdConflictException extends RuntimeException {

  ExecutionIdConflictException(String executionId) {
    super(
        "Execution id '"
            + executionId
            + "' was already used for another function or input; an execution id names one call"
            + " (send the same call again to get its outcome, or choose a new id).");
  }
}
