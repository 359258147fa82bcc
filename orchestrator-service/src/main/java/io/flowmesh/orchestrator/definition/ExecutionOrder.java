package io.flowmesh.orchestrator.definition;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The seed format's optional {@code executionOrder}: node ids in the order a client shows them.
 * Runs follow the edges, not this list, so it may leave nodes out; what it lists must exist, appear
 * once and not contradict the edges (docs/workflow-definitions.md).
 */
final class ExecutionOrder {

  private static final String FIELD = "executionOrder";

  private ExecutionOrder() {}

  /**
   * The listed node ids; problems for an entry that is not the id of a node or repeats one.
   *
   * @return the ids in order, empty without an {@code executionOrder}
   */
  static List<String> parse(JsonNode order, List<Node> nodes, List<FieldProblem> problems) {
    if (order == null || order.isNull()) {
      return List.of();
    }
    if (!order.isArray()) {
      problems.add(new FieldProblem(FIELD, "must be an array of node ids"));
      return List.of();
    }
    Set<String> nodeIds = new HashSet<>();
    nodes.forEach(n -> nodeIds.add(n.id()));
    Map<String, Integer> seen = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      String field = FIELD + "[" + i + "]";
      JsonNode entry = order.get(i);
      if (!entry.isString()) {
        problems.add(new FieldProblem(field, "must be a node id"));
        continue;
      }
      String ref = entry.asString();
      Integer earlier = seen.putIfAbsent(ref, i);
      if (!nodeIds.contains(ref)) {
        problems.add(new FieldProblem(field, "no node with id '" + ref + "'"));
      } else if (earlier != null) {
        problems.add(
            new FieldProblem(
                field, "'" + ref + "' is listed twice (also at " + FIELD + "[" + earlier + "])"));
      }
      ids.add(ref);
    }
    return ids;
  }

  /**
   * Whether the order agrees with the edges: a node listed before another may not be reached from
   * it, directly or through nodes the order leaves out. Every edge counts, {@code error} and {@code
   * timeout} edges too: their targets run after their sources as well. Reports one contradiction:
   * the first edge, in document order, between two listed nodes that are the wrong way round; if
   * there is none, the first edge whose path from a listed node runs through left-out nodes only.
   * Only for a graph without cycles and an order that {@link #parse} found no problem in.
   */
  static void check(
      List<String> order, List<Edge> edges, DefinitionGraph graph, List<FieldProblem> problems) {
    if (order.isEmpty()) {
      return;
    }
    int[] position = new int[graph.size()];
    Arrays.fill(position, -1);
    for (int i = 0; i < order.size(); i++) {
      position[graph.index(order.get(i))] = i;
    }
    for (Edge edge : edges) {
      int source = graph.index(edge.source());
      int target = graph.index(edge.target());
      if (position[source] >= 0 && position[target] >= 0 && position[target] < position[source]) {
        problems.add(
            new FieldProblem(
                FIELD,
                "'"
                    + edge.target()
                    + "' comes before '"
                    + edge.source()
                    + "', but edge '"
                    + edge.id()
                    + "' runs "
                    + edge.source()
                    + " -> "
                    + edge.target()));
        return;
      }
    }
    checkThroughUnlisted(position, edges, graph, problems);
  }

  /**
   * Contradictions through nodes the order leaves out: for each of those, the listed node placed
   * last among the ones that reach it through unlisted nodes only, found in topological order.
   */
  private static void checkThroughUnlisted(
      int[] position, List<Edge> edges, DefinitionGraph graph, List<FieldProblem> problems) {
    int[] latest = new int[graph.size()]; // the position of that node, -1 if none
    int[] via = new int[graph.size()]; // the predecessor it came through
    Arrays.fill(latest, -1);
    for (int node : graph.topologicalOrder()) {
      if (position[node] >= 0) {
        continue;
      }
      for (Edge edge : graph.incoming(node)) {
        int source = graph.index(edge.source());
        int reaching = position[source] >= 0 ? position[source] : latest[source];
        if (reaching > latest[node]) {
          latest[node] = reaching;
          via[node] = source;
        }
      }
    }
    Edge first =
        edges.stream()
            .filter(
                edge -> {
                  int source = graph.index(edge.source());
                  int target = graph.index(edge.target());
                  return position[source] < 0
                      && position[target] >= 0
                      && latest[source] > position[target];
                })
            .findFirst()
            .orElse(null);
    if (first == null) {
      return;
    }
    List<String> path = new ArrayList<>(List.of(first.target()));
    int current = graph.index(first.source());
    while (position[current] < 0) {
      path.add(graph.id(current));
      current = via[current];
    }
    path.add(graph.id(current));
    Collections.reverse(path);
    problems.add(
        new FieldProblem(
            FIELD,
            "'"
                + first.target()
                + "' comes before '"
                + path.getFirst()
                + "', but the edges run "
                + DefinitionGraph.describe(path)
                + " (through nodes "
                + FIELD
                + " leaves out)"));
  }
}
