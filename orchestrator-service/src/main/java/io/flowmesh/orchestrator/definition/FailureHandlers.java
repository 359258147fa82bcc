package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Validation of the error paths of a definition: {@code error} and {@code timeout} edges, and the
 * definition's {@code onFailure} node.
 */
final class FailureHandlers {

  private FailureHandlers() {}

  /**
   * The definition's {@code onFailure}: the id of a node that starts a branch of its own (no edge
   * enters it), run when the run would fail.
   *
   * @return the node id, or null when the definition has none or it is invalid
   */
  static String parse(JsonNode value, List<Node> nodes, List<Edge> edges, List<FieldProblem> out) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString() || value.asString().isBlank()) {
      out.add(new FieldProblem("onFailure", "must be the id of the node that handles a failure"));
      return null;
    }
    String nodeId = value.asString();
    Optional<Node> node = nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
    if (node.isEmpty()) {
      out.add(new FieldProblem("onFailure", "no node with id '" + nodeId + "'"));
      return null;
    }
    if (node.get().kind() == NodeKind.TRIGGER) {
      out.add(new FieldProblem("onFailure", "the trigger cannot be the failure handler"));
      return null;
    }
    List<String> entering =
        edges.stream().filter(e -> e.target().equals(nodeId)).map(Edge::source).toList();
    if (!entering.isEmpty()) {
      out.add(
          new FieldProblem(
              "onFailure",
              "failure handler '"
                  + nodeId
                  + "' must start a branch of its own, but edges enter it from "
                  + entering));
      return null;
    }
    return nodeId;
  }

  /** An {@code error} edge leaves a node that can fail; a {@code timeout} edge a gate with one. */
  static void checkReservedEdge(String path, Edge edge, Node source, List<FieldProblem> out) {
    if (Edge.ERROR.equalsIgnoreCase(edge.branch())) {
      if (source.kind() == NodeKind.TRIGGER || source.kind() == NodeKind.END) {
        out.add(
            new FieldProblem(
                path + ".sourceHandle",
                "an error edge cannot leave "
                    + source.kind().wireName()
                    + " node '"
                    + source.id()
                    + "', which never fails"));
      }
      return;
    }
    boolean waitsForEvent =
        source.kind() == NodeKind.APPROVAL_GATE || source.kind() == NodeKind.WAIT_FOR_EVENT;
    if (!waitsForEvent || NodeSettings.timeout(source.config()).isEmpty()) {
      out.add(
          new FieldProblem(
              path + ".sourceHandle",
              "a timeout edge must leave an approval-gate or wait-for-event node with"
                  + " config.timeout; node '"
                  + source.id()
                  + "' is "
                  + (waitsForEvent
                      ? (source.kind() == NodeKind.APPROVAL_GATE
                              ? "an approval gate"
                              : "a wait-for-event node")
                          + " without a timeout"
                      : "a " + source.kind().wireName() + " node")));
    }
  }
}
