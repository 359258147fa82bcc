package io.flowmesh.orchestrator.definition;

/**
 * A directed edge: {@code target} runs after {@code source} completes.
 *
 * @param id the edge's id (generated when the document has none)
 * @param source the node it leaves
 * @param target the node it enters
 * @param branch for an edge leaving a condition or switch, the outcome it follows ({@code true},
 *     {@code false}, a case id, {@code default}); taken from the edge's {@code sourceHandle}, else
 *     its {@code branch}, else its {@code label}; null for an unconditional edge
 */
public record Edge(String id, String source, String target, String branch) {

  public Edge(String id, String source, String target) {
    this(id, source, target, null);
  }
}
