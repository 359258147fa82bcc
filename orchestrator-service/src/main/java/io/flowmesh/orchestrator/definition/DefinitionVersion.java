package io.flowmesh.orchestrator.definition;

import java.time.Instant;

/**
 * One saved version of a workflow, as listed by {@code GET /workflow-definitions/{id}/versions}.
 */
public record DefinitionVersion(int version, String name, Instant createdAt) {}
