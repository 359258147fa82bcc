package io.flowmesh.orchestrator.definition.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A workflow as {@code GET /workflow-definitions} lists it: its latest version, summarised.
 *
 * @param id the workflow id
 * @param name the latest version's name
 * @param latestVersion the latest version
 * @param description the latest version's {@code metadata.description}, else its {@code
 *     description}; null if it has neither
 * @param tags the latest version's {@code metadata.tags}
 * @param enabled false while the workflow is disabled
 * @param createdAt when its first version was saved
 * @param updatedAt when its latest version was saved
 */
public record DefinitionSummary(
    String id,
    String name,
    int latestVersion,
    String description,
    List<String> tags,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {}
