package io.flowmesh.orchestrator.definition;

/** A run was asked of a workflow that is disabled, or an enable/disable found it already so. */
public class WorkflowDisabledException extends RuntimeException {
  public WorkflowDisabledException(String message) {
    super(message);
  }
}
