package io.flowmesh.orchestrator.run;

/** No definition (or no such version) for the caller's tenant. */
public class WorkflowNotFoundException extends RuntimeException {

  public WorkflowNotFoundException(String message) {
    super(message);
  }
}
