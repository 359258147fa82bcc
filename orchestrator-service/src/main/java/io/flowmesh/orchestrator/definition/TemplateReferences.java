package io.flowmesh.orchestrator.definition;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Save-time checks of what a template refers to, beyond its syntax: a reference that can never
 * resolve when the node runs is an error now rather than a node failure later.
 */
final class TemplateReferences {

  /** The per-item roots of a for-each's {@code config.input}. */
  static final Set<String> FOR_EACH_ROOTS = Set.of("item", "index");

  private static final Set<String> RUN_FIELDS = Set.of("id", "workflowId");

  private static final Set<String> ERROR_FIELDS = Set.of("code", "message", "nodeId", "retryable");

  private TemplateReferences() {}

  /** The ids of every node with a path to {@code nodeId}: those that can complete before it. */
  static Set<String> upstream(String nodeId, List<Edge> edges) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(nodeId));
    while (!todo.isEmpty()) {
      String current = todo.pop();
      for (Edge edge : edges) {
        if (edge.target().equals(current) && seen.add(edge.source())) {
          todo.push(edge.source());
        }
      }
    }
    return seen;
  }

  /**
   * Why a well-formed reference can never resolve in {@code node}, or null: {@code run} has only
   * {@code id} and {@code workflowId}; a node's output exists only once that node completed, so
   * only nodes upstream of this one can be referred to.
   */
  static String problem(
      Node node, String reference, Map<String, String> nodeByRoot, Set<String> upstream) {
    String root = Templates.root(reference);
    String[] segments = reference.split("\\.");
    if ("run".equals(root)) {
      boolean field = segments.length == 2 && RUN_FIELDS.contains(segments[1]);
      // the run's error, which the onFailure handler's branch reads (docs/workflow-definitions.md)
      boolean error =
          segments.length <= 3
              && segments.length >= 2
              && "error".equals(segments[1])
              && (segments.length == 2 || ERROR_FIELDS.contains(segments[2]));
      if (!field && !error) {
        return "node '"
            + node.id()
            + "': template '{{"
            + reference
            + "}}': run has only run.id, run.workflowId and, in a failure handler, run.error"
            + " (code, message, nodeId, retryable)";
      }
      return null;
    }
    String referred = nodeByRoot.get(root);
    if (referred == null || "trigger".equals(root)) {
      return null;
    }
    if (node.kind() == NodeKind.FOR_EACH && FOR_EACH_ROOTS.contains(root)) {
      return null;
    }
    if (!upstream.contains(referred)) {
      return "node '"
          + node.id()
          + "': template '{{"
          + reference
          + "}}' refers to node '"
          + referred
          + "', which does not run before it (no path from '"
          + referred
          + "' to '"
          + node.id()
          + "'), so its output never exists here";
    }
    return null;
  }
}
