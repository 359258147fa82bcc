package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.RunId;

/** No run with this id for the caller's tenant. */
public class RunNotFoundException extends RuntimeException {

  public RunNotFoundException(RunId runId) {
    super("No run '" + runId + "'");
  }
}
