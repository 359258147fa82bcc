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

  /** The handle of an {@code onError} edge: followed when its source fails for good. */
  public static final String ERROR = "error";

  /** The handle of an approval gate's timeout edge: followed when the gate times out. */
  public static final String TIMEOUT = "timeout";

  /**
   * Whether a branch is {@code error} or {@code timeout}, which normal completion never follows.
   */
  public static boolean isReservedHandle(String branch) {
    return ERROR.equalsIgnoreCase(branch) || TIMEOUT.equalsIgnoreCase(branch);
  }

  public Edge(String id, String source, String target) {
    this(id, source, target, null);
  }
}
