package io.flowmesh.orchestrator.definition;

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

  /**
   * The node whose output a reference reads, or null if it reads none: the trigger's data, {@code
   * run}, a for-each's item, an unknown root.
   */
  static String referredNode(Node node, String reference, Map<String, String> nodeByRoot) {
    String root = Templates.root(reference);
    if ("trigger".equals(root) || "run".equals(root)) {
      return null;
    }
    if (node.kind() == NodeKind.FOR_EACH && FOR_EACH_ROOTS.contains(root)) {
      return null;
    }
    return nodeByRoot.get(root);
  }

  /**
   * Why a well-formed reference can never resolve in {@code node}, or null: {@code run} has only
   * {@code id} and {@code workflowId}; a node's output exists only once that node completed, so
   * only nodes upstream of this one can be referred to.
   *
   * @param upstream those of the nodes the node's references read that have a path to it
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
    String referred = referredNode(node, reference, nodeByRoot);
    if (referred == null) {
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
