package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.WorkflowId;

/**
 * A saved definition version no longer parses: it was saved under rules that have since become
 * stricter (a seed field that is now refused, say). Runs on it cannot continue on that version.
 */
public class UnreadableDefinitionException extends RuntimeException {

  private final WorkflowId workflowId;
  private final int version;

  public UnreadableDefinitionException(WorkflowId workflowId, int version, String problems) {
    super(
        "version "
            + version
            + " of workflow '"
            + workflowId
            + "' can no longer be read ("
            + problems
            + "); save a fixed version and retry the run on it with"
            + " {\"definitionVersion\": \"latest\"}");
    this.workflowId = workflowId;
    this.version = version;
  }

  public WorkflowId workflowId() {
    return workflowId;
  }

  public int version() {
    return version;
  }
}
