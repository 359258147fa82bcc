package io.flowmesh.orchestrator.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A validated workflow definition: a graph with exactly one trigger, no cycles, every node
 * reachable. The execution order follows from the edges. Immutable, so it is cached per version.
 */
public final class WorkflowDefinition {

  private final String id;
  private final String name;
  private final List<Node> nodes;
  private final Map<String, Node> nodesById = new LinkedHashMap<>();
  private final Map<String, List<Node>> successors = new LinkedHashMap<>();
  private final Map<String, List<Edge>> outgoing = new LinkedHashMap<>();
  private final Map<String, List<String>> predecessors = new LinkedHashMap<>();
  private final Node trigger;
  private final String failureHandler;
  private final Set<String> failureBranch = new HashSet<>();

  public WorkflowDefinition(String id, String name, List<Node> nodes, List<Edge> edges) {
    this(id, name, nodes, edges, null);
  }

  /**
   * @param failureHandler the node that runs when the run would fail, or null
   */
  public WorkflowDefinition(
      String id, String name, List<Node> nodes, List<Edge> edges, String failureHandler) {
    this.failureHandler = failureHandler;
    this.id = id;
    this.name = name;
    this.nodes = List.copyOf(nodes);
    nodes.forEach(n -> nodesById.put(n.id(), n));
    Map<String, Set<String>> sources = new LinkedHashMap<>();
    for (Edge edge : edges) {
      // error and timeout edges are followed only on a failure or timeout, never on completion
      if (!Edge.isReservedHandle(edge.branch())) {
        successors
            .computeIfAbsent(edge.source(), k -> new ArrayList<>())
            .add(nodesById.get(edge.target()));
      }
      outgoing.computeIfAbsent(edge.source(), k -> new ArrayList<>()).add(edge);
      sources.computeIfAbsent(edge.target(), k -> new LinkedHashSet<>()).add(edge.source());
    }
    sources.forEach((target, from) -> predecessors.put(target, List.copyOf(from)));
    this.trigger =
        nodes.stream().filter(n -> n.kind() == NodeKind.TRIGGER).findFirst().orElse(null);
    if (failureHandler != null) {
      Deque<String> todo = new ArrayDeque<>(List.of(failureHandler));
      while (!todo.isEmpty()) {
        String next = todo.pop();
        if (failureBranch.add(next)) {
          outgoing.getOrDefault(next, List.of()).forEach(edge -> todo.push(edge.target()));
        }
      }
    }
  }

  /** The node that runs when the run would fail (the definition's {@code onFailure}), or null. */
  public String failureHandler() {
    return failureHandler;
  }

  /** Whether the node is the failure handler or reachable from it. */
  public boolean inFailureBranch(String nodeId) {
    return failureBranch.contains(nodeId);
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** The node with this id, or null. */
  public Node node(String nodeId) {
    return nodesById.get(nodeId);
  }

  public Node trigger() {
    if (trigger == null) {
      throw new NoSuchElementException("definition '" + id + "' has no trigger");
    }
    return trigger;
  }

  /** The nodes that run after {@code nodeId}, in edge order. */
  public List<Node> successors(String nodeId) {
    return successors.getOrDefault(nodeId, List.of());
  }

  /** The ids of the nodes with an edge into {@code nodeId}, in edge order. */
  public List<String> predecessors(String nodeId) {
    return predecessors.getOrDefault(nodeId, List.of());
  }

  /**
   * The nodes that run after a branching node took {@code branch}: the targets of its edges for
   * that branch, in edge order. Branch names compare case-insensitively ({@code True} is {@code
   * true}).
   */
  public List<Node> successors(String nodeId, String branch) {
    return outgoing.getOrDefault(nodeId, List.of()).stream()
        .filter(edge -> edge.branch() != null && edge.branch().equalsIgnoreCase(branch))
        .map(edge -> nodesById.get(edge.target()))
        .toList();
  }
}
