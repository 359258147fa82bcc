package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.RunId;

/** No manual task with this id in the run, for the caller's tenant. */
public class TaskNotFoundException extends RuntimeException {

  public TaskNotFoundException(RunId runId, String taskId) {
    super("Run '" + runId + "' has no task '" + taskId + "'");
  }
}
