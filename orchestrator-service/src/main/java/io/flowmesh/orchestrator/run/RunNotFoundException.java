package io.flowmesh.orchestrator.run;

/** No run with this id for the caller's tenant. */
public class RunNotFoundException extends RuntimeException {

  public RunNotFoundException(String runId) {
    super("No run '" + runId + "'");
  }
}
