package io.flowmesh.orchestrator.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A definition's nodes and edges as adjacency lists, for the parser's checks. Every walk here is a
 * loop over an explicit stack or queue and visits each node and edge a bounded number of times: a
 * definition is user input, and one as long as the limits allow must neither overflow the stack nor
 * take quadratic time (ADR 0019).
 */
final class DefinitionGraph {

  private final List<String> ids = new ArrayList<>();
  private final Map<String, Integer> indexes = new HashMap<>();
  private final List<List<Edge>> outgoing = new ArrayList<>();
  private final List<List<Edge>> incoming = new ArrayList<>();

  /**
   * @param edges edges between the given nodes, as the parser checked them
   */
  DefinitionGraph(List<Node> nodes, List<Edge> edges) {
    for (Node node : nodes) {
      indexes.put(node.id(), ids.size());
      ids.add(node.id());
      outgoing.add(new ArrayList<>());
      incoming.add(new ArrayList<>());
    }
    for (Edge edge : edges) {
      outgoing.get(index(edge.source())).add(edge);
      incoming.get(index(edge.target())).add(edge);
    }
  }

  int size() {
    return ids.size();
  }

  int index(String nodeId) {
    return indexes.get(nodeId);
  }

  String id(int index) {
    return ids.get(index);
  }

  /** The edges leaving a node, in edge order. */
  List<Edge> outgoing(int index) {
    return outgoing.get(index);
  }

  /** The edges entering a node, in edge order. */
  List<Edge> incoming(int index) {
    return incoming.get(index);
  }

  /**
   * A cycle as its node ids, first node repeated at the end; the first one a depth-first walk
   * meets, starting from the nodes in document order and following edges in edge order. Empty if
   * there is none.
   */
  List<String> findCycle() {
    int[] state = new int[size()]; // 0 = not seen, 1 = on the current path, 2 = done
    int[] path = new int[size()];
    int[] nextEdge = new int[size()];
    for (int start = 0; start < size(); start++) {
      if (state[start] != 0) {
        continue;
      }
      int depth = 0;
      path[depth++] = start;
      state[start] = 1;
      while (depth > 0) {
        int current = path[depth - 1];
        List<Edge> out = outgoing.get(current);
        if (nextEdge[current] == out.size()) {
          state[current] = 2;
          depth--;
          continue;
        }
        int target = index(out.get(nextEdge[current]++).target());
        if (state[target] == 1) {
          List<String> cycle = new ArrayList<>();
          int from = depth - 1;
          while (path[from] != target) {
            from--;
          }
          for (int i = from; i < depth; i++) {
            cycle.add(id(path[i]));
          }
          cycle.add(id(target));
          return cycle;
        }
        if (state[target] == 0) {
          state[target] = 1;
          path[depth++] = target;
        }
      }
    }
    return List.of();
  }

  /** The ids of the nodes reachable from the given ones, those included. */
  Set<String> reachableFrom(Collection<String> starts) {
    Set<String> reached = new HashSet<>();
    Deque<Integer> todo = new ArrayDeque<>();
    starts.forEach(id -> todo.push(index(id)));
    while (!todo.isEmpty()) {
      int current = todo.pop();
      if (reached.add(id(current))) {
        outgoing.get(current).forEach(edge -> todo.push(index(edge.target())));
      }
    }
    return reached;
  }

  /**
   * The node indexes in an order in which every edge's source comes before its target (Kahn's
   * algorithm, ties in document order). Only for a graph without cycles.
   */
  int[] topologicalOrder() {
    int[] waitingFor = new int[size()];
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < size(); i++) {
      waitingFor[i] = incoming.get(i).size();
      if (waitingFor[i] == 0) {
        ready.add(i);
      }
    }
    int[] order = new int[size()];
    int placed = 0;
    while (!ready.isEmpty()) {
      int current = ready.poll();
      order[placed++] = current;
      for (Edge edge : outgoing.get(current)) {
        int target = index(edge.target());
        if (--waitingFor[target] == 0) {
          ready.add(target);
        }
      }
    }
    if (placed != size()) {
      throw new IllegalStateException("the graph has a cycle");
    }
    return order;
  }

  /**
   * For each node id asked about, those of its candidates that have a path to it, so can complete
   * before it. One pass in topological order: each node carries the set of candidates upstream of
   * it (a bit set over the candidates), dropped once every successor has read it. Time is edges
   * times candidates / 64; memory the widest layer of the graph times that. Only for a graph
   * without cycles.
   */
  Map<String, Set<String>> upstreamAmong(Map<String, Set<String>> candidatesByNode) {
    Map<String, Integer> columns = new LinkedHashMap<>();
    candidatesByNode
        .values()
        .forEach(candidates -> candidates.forEach(c -> columns.putIfAbsent(c, columns.size())));
    BitSet[] upstream = new BitSet[size()];
    int[] unreadBy = new int[size()];
    for (int i = 0; i < size(); i++) {
      unreadBy[i] = outgoing.get(i).size();
    }
    Map<String, Set<String>> answers = new HashMap<>();
    for (int current : topologicalOrder()) {
      BitSet above = new BitSet(columns.size());
      for (Edge edge : incoming.get(current)) {
        int source = index(edge.source());
        above.or(upstream[source]);
        Integer column = columns.get(edge.source());
        if (column != null) {
          above.set(column);
        }
        if (--unreadBy[source] == 0) {
          upstream[source] = null;
        }
      }
      if (unreadBy[current] > 0) {
        upstream[current] = above;
      }
      Set<String> asked = candidatesByNode.get(id(current));
      if (asked != null) {
        Set<String> found = new HashSet<>();
        asked.forEach(
            candidate -> {
              Integer column = columns.get(candidate);
              if (column != null && above.get(column)) {
                found.add(candidate);
              }
            });
        answers.put(id(current), found);
      }
    }
    return answers;
  }

  /** A path as {@code a -> b -> c}; a long one without its middle, so a message stays readable. */
  static String describe(List<String> path) {
    int shown = 6;
    if (path.size() <= 2 * shown) {
      return String.join(" -> ", path);
    }
    return String.join(" -> ", path.subList(0, shown))
        + " -> ... ("
        + (path.size() - 2 * shown)
        + " more) ... -> "
        + String.join(" -> ", path.subList(path.size() - shown, path.size()));
  }
}
