package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.WorkflowId;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One saved version with the document it was saved with, fields the engine ignores included.
 *
 * @param workflowId the workflow
 * @param version the version
 * @param name the workflow's name in that version
 * @param createdAt when the version was saved
 * @param document the saved document
 */
public record DefinitionDocument(
    WorkflowId workflowId, int version, String name, Instant createdAt, JsonNode document) {}
