package io.flowmesh.model.workflow;

/**
 * A workflow was deleted with all its versions: what it declared to start it goes too.
 *
 * @param workflowId the workflow
 */
public record WorkflowDeleted(String workflowId) {}
