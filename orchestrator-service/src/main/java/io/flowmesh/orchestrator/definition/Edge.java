package io.flowmesh.orchestrator.definition;

/**
 * A directed edge: {@code target} runs after {@code source} completes.
 *
 * @param id the edge's id (generated when the document has none)
 * @param source the node it leaves
 * @param target the node it enters
 */
public record Edge(String id, String source, String target) {}
