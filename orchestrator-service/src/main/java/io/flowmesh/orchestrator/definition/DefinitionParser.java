package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a definition document (the Workflow Builder format of the seed, plus our additions) into a
 * {@link WorkflowDefinition}, reporting every problem at once with its field path: shape, exactly
 * one trigger, edges between existing nodes, no cycles, every node reachable from the trigger,
 * templates that parse and refer to something that exists.
 */
public final class DefinitionParser {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final JsonMapper json;

  public DefinitionParser(JsonMapper json) {
    this.json = json;
  }

  /**
   * @throws InvalidRequestException listing every problem found
   */
  public WorkflowDefinition parse(JsonNode document) {
    List<FieldProblem> problems = new ArrayList<>();
    if (document == null || !document.isObject()) {
      throw new InvalidRequestException("definition", "must be a JSON object");
    }
    String id = text(document, "id", "id", problems);
    if (id != null && !ID.matcher(id).matches()) {
      problems.add(
          new FieldProblem(
              "id", "must be 1-100 letters, digits, '.', '_' or '-', got '" + id + "'"));
    }
    String name = document.has("name") ? text(document, "name", "name", problems) : id;
    List<Node> nodes = nodes(document.get("nodes"), problems);
    List<Edge> edges = edges(document.get("edges"), nodes, problems);
    checkExecutionOrder(document.get("executionOrder"), nodes, problems);
    String failureHandler =
        FailureHandlers.parse(document.get("onFailure"), nodes, edges, problems);
    if (problems.isEmpty()) {
      checkGraph(nodes, edges, failureHandler, problems);
    }
    if (problems.isEmpty()) {
      checkTemplates(nodes, edges, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new WorkflowDefinition(id, name, nodes, edges, failureHandler);
  }

  private List<Node> nodes(JsonNode array, List<FieldProblem> problems) {
    List<Node> nodes = new ArrayList<>();
    if (array == null || !array.isArray() || array.isEmpty()) {
      problems.add(new FieldProblem("nodes", "must be a non-empty array of nodes"));
      return nodes;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "nodes[" + i + "]";
      JsonNode node = array.get(i);
      if (!node.isObject()) {
        problems.add(new FieldProblem(path, "must be an object"));
        continue;
      }
      String nodeId = text(node, "id", path + ".id", problems);
      if (nodeId != null && !ids.add(nodeId)) {
        problems.add(new FieldProblem(path + ".id", "duplicate node id '" + nodeId + "'"));
      }
      String type = text(node, "type", path + ".type", problems);
      NodeKind kind = null;
      if (type != null) {
        kind = NodeKind.fromWire(type).orElse(null);
        if (kind == null) {
          problems.add(
              new FieldProblem(
                  path + ".type",
                  "node '"
                      + nodeId
                      + "': type '"
                      + type
                      + "' is not supported by this version (supported: "
                      + NodeKind.supportedWireNames()
                      + ")"));
        }
      }
      JsonNode configNode = node.get("config");
      Map<String, Object> config = new LinkedHashMap<>();
      if (configNode != null && !configNode.isNull()) {
        if (!configNode.isObject()) {
          problems.add(new FieldProblem(path + ".config", "must be an object"));
        } else {
          config = json.treeToValue(configNode, LinkedHashMap.class);
        }
      }
      // retry and timeout may sit on the node itself as well as in its config
      for (String setting : List.of("retry", "timeout")) {
        if (node.hasNonNull(setting) && !config.containsKey(setting)) {
          config.put(setting, json.treeToValue(node.get(setting), Object.class));
        }
      }
      if (kind != null) {
        NodeSettings.check(nodeId, kind, path, config, problems);
      }
      boolean enabled = true;
      JsonNode enabledNode = node.get("enabled");
      if (enabledNode != null && !enabledNode.isNull()) {
        if (!enabledNode.isBoolean()) {
          problems.add(new FieldProblem(path + ".enabled", "must be true or false"));
        } else {
          enabled = enabledNode.booleanValue();
        }
      }
      String label = node.hasNonNull("label") ? node.get("label").asString() : null;
      if (kind == NodeKind.ACTION) {
        Object function = config.getOrDefault("function", config.get("actionId"));
        if (!(function instanceof String slug) || slug.isBlank()) {
          problems.add(
              new FieldProblem(
                  path + ".config.actionId",
                  "action node '"
                      + nodeId
                      + "' must name its function in config.actionId"
                      + " (or config.function)"));
        }
      }
      if (kind == NodeKind.CONDITION) {
        checkCondition(nodeId, path, config, problems);
      }
      if (kind == NodeKind.SWITCH) {
        checkSwitch(nodeId, path, config, problems);
      }
      if (kind == NodeKind.APPROVAL_GATE) {
        if (!(config.get("eventName") instanceof String eventName) || eventName.isBlank()) {
          problems.add(
              new FieldProblem(
                  path + ".config.eventName",
                  "approval-gate node '" + nodeId + "' needs the event name it waits for"));
        }
      }
      if (kind == NodeKind.JOIN
          && config.containsKey("mode")
          && !"all".equals(config.get("mode"))
          && !"any".equals(config.get("mode"))) {
        problems.add(
            new FieldProblem(
                path + ".config.mode",
                "join node '"
                    + nodeId
                    + "': mode must be \"all\" or \"any\", got '"
                    + config.get("mode")
                    + "'"));
      }
      if (kind != null) {
        NodeConfigChecks.check(kind, nodeId, path, config, problems);
      }
      if (nodeId != null && kind != null) {
        nodes.add(new Node(nodeId, kind, label, enabled, config));
      }
    }
    return nodes;
  }

  private static void checkCondition(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    String field = config.containsKey("condition") ? "condition" : "expression";
    Object expression = config.get(field);
    if (!(expression instanceof String source) || source.isBlank()) {
      problems.add(
          new FieldProblem(
              path + ".config.expression",
              "condition node '" + nodeId + "' needs a boolean CEL expression"));
      return;
    }
    Expressions.checkBoolean(source)
        .ifPresent(
            why ->
                problems.add(
                    new FieldProblem(
                        path + ".config." + field,
                        "condition node '" + nodeId + "': CEL expression: " + why)));
  }

  private static void checkSwitch(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    if (!(config.get("cases") instanceof List<?> cases) || cases.isEmpty()) {
      problems.add(
          new FieldProblem(
              path + ".config.cases",
              "switch node '" + nodeId + "' needs a non-empty array of {id, expression} cases"));
      return;
    }
    Set<String> caseIds = new HashSet<>();
    for (int c = 0; c < cases.size(); c++) {
      String casePath = path + ".config.cases[" + c + "]";
      if (!(cases.get(c) instanceof Map<?, ?> entry)) {
        problems.add(new FieldProblem(casePath, "must be an object {id, expression}"));
        continue;
      }
      if (!(entry.get("id") instanceof String caseId) || caseId.isBlank()) {
        problems.add(
            new FieldProblem(
                casePath + ".id", "switch node '" + nodeId + "': a case needs a string id"));
      } else if ("default".equalsIgnoreCase(caseId)
          || Edge.isReservedHandle(caseId)
          || !caseIds.add(caseId.toLowerCase())) {
        problems.add(
            new FieldProblem(
                casePath + ".id",
                "switch node '"
                    + nodeId
                    + "': case id '"
                    + caseId
                    + "' is "
                    + (caseIds.contains(caseId.toLowerCase()) ? "a duplicate" : "reserved")));
      }
      if (!(entry.get("expression") instanceof String source) || source.isBlank()) {
        problems.add(
            new FieldProblem(
                casePath + ".expression",
                "switch node '" + nodeId + "': a case needs a boolean CEL expression"));
      } else {
        Expressions.checkBoolean(source)
            .ifPresent(
                why ->
                    problems.add(
                        new FieldProblem(
                            casePath + ".expression",
                            "switch node '" + nodeId + "': CEL expression: " + why)));
      }
    }
  }

  /**
   * The branch an edge follows: its {@code sourceHandle}, else {@code branch}, else {@code label}.
   */
  private static String branch(JsonNode edge) {
    for (String field : List.of("sourceHandle", "branch", "label")) {
      JsonNode value = edge.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        return value.asString();
      }
    }
    return null;
  }

  /** Every edge leaving a branching node must name a branch that node can take. */
  private static void checkBranch(
      String path, Edge edge, Node source, List<FieldProblem> problems) {
    if (Edge.isReservedHandle(edge.branch())) {
      FailureHandlers.checkReservedEdge(path, edge, source, problems);
      return;
    }
    if (source.kind() == NodeKind.CONDITION) {
      if (edge.branch() == null
          || !(edge.branch().equalsIgnoreCase("true") || edge.branch().equalsIgnoreCase("false"))) {
        problems.add(
            new FieldProblem(
                path + ".sourceHandle",
                "edge leaving condition node '"
                    + source.id()
                    + "' must say which branch it follows: sourceHandle \"true\" or \"false\""
                    + (edge.branch() == null ? "" : ", got '" + edge.branch() + "'")));
      }
    } else if (source.kind() == NodeKind.SWITCH) {
      List<String> branches = new ArrayList<>();
      source.cases().forEach(c -> branches.add(c.id()));
      branches.add("default");
      if (edge.branch() == null
          || branches.stream().noneMatch(b -> b.equalsIgnoreCase(edge.branch()))) {
        problems.add(
            new FieldProblem(
                path + ".sourceHandle",
                "edge leaving switch node '"
                    + source.id()
                    + "' must name a case id or default in sourceHandle ("
                    + String.join(", ", branches)
                    + ")"
                    + (edge.branch() == null ? "" : ", got '" + edge.branch() + "'")));
      }
    }
  }

  private static List<Edge> edges(JsonNode array, List<Node> nodes, List<FieldProblem> problems) {
    List<Edge> edges = new ArrayList<>();
    if (array == null || array.isNull()) {
      return edges;
    }
    if (!array.isArray()) {
      problems.add(new FieldProblem("edges", "must be an array"));
      return edges;
    }
    Map<String, Node> nodeIds = new HashMap<>();
    nodes.forEach(n -> nodeIds.put(n.id(), n));
    for (int i = 0; i < array.size(); i++) {
      String path = "edges[" + i + "]";
      JsonNode edge = array.get(i);
      if (!edge.isObject()) {
        problems.add(new FieldProblem(path, "must be an object"));
        continue;
      }
      String source = text(edge, "source", path + ".source", problems);
      String target = text(edge, "target", path + ".target", problems);
      if (source != null && !nodeIds.containsKey(source)) {
        problems.add(new FieldProblem(path + ".source", "no node with id '" + source + "'"));
      }
      if (target != null && !nodeIds.containsKey(target)) {
        problems.add(new FieldProblem(path + ".target", "no node with id '" + target + "'"));
      }
      String id = edge.hasNonNull("id") ? edge.get("id").asString() : "e" + i;
      if (source != null && target != null) {
        Edge parsed = new Edge(id, source, target, branch(edge));
        if (nodeIds.containsKey(source)) {
          checkBranch(path, parsed, nodeIds.get(source), problems);
        }
        edges.add(parsed);
      }
    }
    return edges;
  }

  /** The order is derived from the edges; a client-sent one is only checked for bad references. */
  private static void checkExecutionOrder(
      JsonNode order, List<Node> nodes, List<FieldProblem> problems) {
    if (order == null || order.isNull()) {
      return;
    }
    if (!order.isArray()) {
      problems.add(new FieldProblem("executionOrder", "must be an array of node ids"));
      return;
    }
    Set<String> nodeIds = new HashSet<>();
    nodes.forEach(n -> nodeIds.add(n.id()));
    for (int i = 0; i < order.size(); i++) {
      String ref = order.get(i).asString();
      if (!nodeIds.contains(ref)) {
        problems.add(
            new FieldProblem("executionOrder[" + i + "]", "no node with id '" + ref + "'"));
      }
    }
  }

  private static void checkGraph(
      List<Node> nodes, List<Edge> edges, String failureHandler, List<FieldProblem> problems) {
    List<Node> triggers = nodes.stream().filter(n -> n.kind() == NodeKind.TRIGGER).toList();
    if (triggers.size() != 1) {
      problems.add(
          new FieldProblem(
              "nodes",
              "a workflow needs exactly one trigger node, found "
                  + triggers.size()
                  + (triggers.isEmpty() ? "" : ": " + triggers.stream().map(Node::id).toList())));
      return;
    }
    Map<String, List<String>> next = new HashMap<>();
    for (Edge edge : edges) {
      next.computeIfAbsent(edge.source(), k -> new ArrayList<>()).add(edge.target());
      if (edge.target().equals(triggers.getFirst().id())) {
        problems.add(
            new FieldProblem(
                "edges", "edge '" + edge.id() + "' enters the trigger; a trigger has no inputs"));
      }
    }
    String cycle = findCycle(nodes, next);
    if (cycle != null) {
      problems.add(new FieldProblem("edges", "cycle through nodes " + cycle));
      return;
    }
    Set<String> reached = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(triggers.getFirst().id()));
    if (failureHandler != null) {
      todo.add(failureHandler); // the failure handler's branch starts there, not at the trigger
    }
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (reached.add(id)) {
        todo.addAll(next.getOrDefault(id, List.of()));
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (!reached.contains(nodes.get(i).id())) {
        problems.add(
            new FieldProblem(
                "nodes[" + i + "]",
                "node '" + nodes.get(i).id() + "' is unreachable from the trigger"));
      }
    }
  }

  private static String findCycle(List<Node> nodes, Map<String, List<String>> next) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
    for (Node node : nodes) {
      Deque<String> path = new ArrayDeque<>();
      String cycle = visit(node.id(), next, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    return null;
  }

  private static String visit(
      String id, Map<String, List<String>> next, Map<String, Integer> state, Deque<String> path) {
    Integer seen = state.get(id);
    if (seen != null) {
      if (seen == 1) {
        List<String> nodesOnPath = new ArrayList<>(path);
        Collections.reverse(nodesOnPath);
        int start = nodesOnPath.indexOf(id);
        List<String> cycle = new ArrayList<>(nodesOnPath.subList(start, nodesOnPath.size()));
        cycle.add(id);
        return String.join(" -> ", cycle);
      }
      return null;
    }
    state.put(id, 1);
    path.push(id);
    for (String target : next.getOrDefault(id, List.of())) {
      String cycle = visit(target, next, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    path.pop();
    state.put(id, 2);
    return null;
  }

  private static void checkTemplates(
      List<Node> nodes, List<Edge> edges, List<FieldProblem> problems) {
    Set<String> roots = new HashSet<>(Set.of("trigger", "run"));
    Map<String, String> nodeByRoot = new HashMap<>();
    for (Node node : nodes) {
      roots.add(node.id());
      if (node.labelKey() != null && !node.labelKey().isEmpty()) {
        roots.add(node.labelKey());
        nodeByRoot.putIfAbsent(node.labelKey(), node.id());
      }
    }
    nodes.forEach(node -> nodeByRoot.put(node.id(), node.id()));
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = "nodes[" + i + "].config";
      Set<String> upstream = TemplateReferences.upstream(node.id(), edges);
      Templates.forEachReference(
          node.config(),
          path,
          (field, reference) -> {
            String misplaced =
                Templates.isWellFormed(reference)
                    ? TemplateReferences.problem(node, reference, nodeByRoot, upstream)
                    : null;
            if (misplaced != null) {
              problems.add(new FieldProblem(field, misplaced));
            } else if (node.kind() == NodeKind.FOR_EACH
                && Templates.isWellFormed(reference)
                && TemplateReferences.FOR_EACH_ROOTS.contains(Templates.root(reference))) {
              // {{item}} and {{index}} of a for-each's per-item input
            } else if (!Templates.isWellFormed(reference)) {
              problems.add(
                  new FieldProblem(
                      field,
                      "node '"
                          + node.id()
                          + "': template '{{"
                          + reference
                          + "}}' is not a dot path like trigger.field or nodeId.output.field"));
            } else if (!roots.contains(Templates.root(reference))) {
              problems.add(
                  new FieldProblem(
                      field,
                      "node '"
                          + node.id()
                          + "': template '{{"
                          + reference
                          + "}}' refers to '"
                          + Templates.root(reference)
                          + "', which is not trigger, run or a node id or label"));
            }
          });
    }
  }

  private static String text(JsonNode parent, String field, String path, List<FieldProblem> out) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      out.add(new FieldProblem(path, "is required"));
      return null;
    }
    if (!value.isString() || value.asString().isBlank()) {
      out.add(new FieldProblem(path, "must be a non-empty string"));
      return null;
    }
    return value.asString();
  }
}
