package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.WorkflowId;
import java.time.Instant;

/**
 * One saved version of a workflow definition.
 *
 * @param workflowId the workflow
 * @param version 1 for the first save, then one more per update
 * @param definition the parsed graph
 * @param createdAt when the version was saved
 */
public record StoredDefinition(
    WorkflowId workflowId, int version, WorkflowDefinition definition, Instant createdAt) {}
