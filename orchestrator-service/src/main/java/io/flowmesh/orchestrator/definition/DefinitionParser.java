package io.flowmesh.orchestrator.definition;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * Turns a definition document (docs/workflow-builder-compatibility.md, plus our additions) into a
 * {@link WorkflowDefinition}, reporting every problem at once with its field path: shape, exactly
 * one trigger, edges between existing nodes, no cycles, every node reachable from the trigger,
 * templates that parse and refer to something that exists, an {@code executionOrder} that agrees
 * with the edges. A new document must also stay within the {@link DefinitionLimits}.
 */
public final class DefinitionParser {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final JsonMapper json;
  private final DefinitionLimits limits;

  /** A parser with the default {@link DefinitionLimits}. */
  public DefinitionParser(JsonMapper json) {
    this(json, DefinitionLimits.DEFAULTS);
  }

  DefinitionParser(JsonMapper json, DefinitionLimits limits) {
    this.json = json;
    this.limits = limits;
  }

  /**
   * Parses a document being saved.
   *
   * @throws InvalidRequestException listing every problem found; a count over its limit is reported
   *     alone, as the rest is not checked
   * @throws DefinitionTooLargeException if it is larger than the limit; checked after the counts,
   *     before anything else
   */
  public WorkflowDefinition parse(JsonNode document) {
    return parse(document, limits);
  }

  /**
   * Parses a document saved earlier: the limits are not applied, so lowering one does not make
   * saved versions unreadable.
   *
   * @throws InvalidRequestException listing every problem found
   */
  public WorkflowDefinition parseSaved(JsonNode document) {
    return parse(document, DefinitionLimits.NONE);
  }

  private WorkflowDefinition parse(JsonNode document, DefinitionLimits limits) {
    List<FieldProblem> problems = new ArrayList<>();
    if (document == null || !document.isObject()) {
      throw new InvalidRequestException("definition", "must be a JSON object");
    }
    checkLimits(document, limits);
    String id = text(document, "id", "id", problems);
    if (id != null && !ID.matcher(id).matches()) {
      problems.add(
          new FieldProblem(
              "id", "must be 1-100 letters, digits, '.', '_' or '-', got '" + id + "'"));
    }
    String name = document.has("name") ? text(document, "name", "name", problems) : id;
    List<Node> nodes = nodes(document.get("nodes"), limits, problems);
    List<Edge> edges = edges(document.get("edges"), nodes, problems);
    List<String> executionOrder =
        ExecutionOrder.parse(document.get("executionOrder"), nodes, problems);
    String failureHandler =
        FailureHandlers.parse(document.get("onFailure"), nodes, edges, problems);
    if (problems.isEmpty()) {
      DefinitionGraph graph = new DefinitionGraph(nodes, edges);
      checkGraph(graph, nodes, failureHandler, problems);
      if (problems.isEmpty()) {
        ExecutionOrder.check(executionOrder, edges, graph, problems);
        checkTemplates(nodes, graph, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new WorkflowDefinition(id, name, nodes, edges, failureHandler);
  }

  /**
   * The limits on the whole document, checked before any other so that an oversized one costs no
   * more than counting: first the counts, which cost nothing, then the size.
   */
  private void checkLimits(JsonNode document, DefinitionLimits limits) {
    List<FieldProblem> problems = new ArrayList<>();
    checkCount(document.get("nodes"), "nodes", "max-nodes", limits.maxNodes(), problems);
    checkCount(document.get("edges"), "edges", "max-edges", limits.maxEdges(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    if (limits.maxDocumentSize().toBytes() < Long.MAX_VALUE
        && compactSizeExceeds(document, limits.maxDocumentSize().toBytes())) {
      throw new DefinitionTooLargeException(limits.maxDocumentSize());
    }
  }

  private static void checkCount(
      JsonNode array, String field, String limit, int max, List<FieldProblem> problems) {
    if (array != null && array.isArray() && array.size() > max) {
      problems.add(
          new FieldProblem(
              field,
              "has "
                  + array.size()
                  + " entries; at most "
                  + max
                  + " are allowed ("
                  + DefinitionLimits.property(limit)
                  + ")"));
    }
  }

  /** Whether the document's compact JSON is longer than {@code max} bytes; stops counting there. */
  private boolean compactSizeExceeds(JsonNode document, long max) {
    CountingStream counter = new CountingStream(max);
    try {
      json.writeValue(counter, document);
    } catch (RuntimeException e) {
      if (!counter.exceeded()) {
        throw e;
      }
    }
    return counter.exceeded();
  }

  /** Counts the bytes written to it, and fails the write once there are more than a maximum. */
  private static final class CountingStream extends OutputStream {

    private final long max;
    private long count;

    CountingStream(long max) {
      this.max = max;
    }

    boolean exceeded() {
      return count > max;
    }

    @Override
    public void write(int b) {
      write(null, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
      if (exceeded()) {
        throw new IllegalStateException("more than " + max + " bytes");
      }
    }
  }

  private List<Node> nodes(JsonNode array, DefinitionLimits limits, List<FieldProblem> problems) {
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
      Map<String, Object> config = config(node, nodeId, path, limits, problems);
      if (config == null) {
        // too deep to check further; kept so that edges to it are not reported as well
        if (nodeId != null && kind != null) {
          nodes.add(new Node(nodeId, kind, null, true, Map.of()));
        }
        continue;
      }
      if (kind != null) {
        NodeSettingsChecks.check(nodeId, kind, path, config, problems);
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
      String label = optionalScalar(node, "label", path + ".label", problems);
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
      if (kind == NodeKind.APPROVAL_GATE || kind == NodeKind.WAIT_FOR_EVENT) {
        if (!(config.get("eventName") instanceof String eventName) || eventName.isBlank()) {
          problems.add(
              new FieldProblem(
                  path + ".config.eventName",
                  kind.wireName() + " node '" + nodeId + "' needs the event name it waits for"));
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

  /**
   * A node's config with the {@code retry} and {@code timeout} that may sit on the node itself as
   * well; null if it nests deeper than the limit (reported).
   */
  private Map<String, Object> config(
      JsonNode node,
      String nodeId,
      String path,
      DefinitionLimits limits,
      List<FieldProblem> problems) {
    JsonNode configNode = node.get("config");
    Map<String, Object> config = new LinkedHashMap<>();
    if (configNode != null && !configNode.isNull()) {
      if (!configNode.isObject()) {
        problems.add(new FieldProblem(path + ".config", "must be an object"));
      } else if (tooDeep(configNode, 1, limits, path + ".config", nodeId, problems)) {
        return null;
      } else {
        config = json.treeToValue(configNode, LinkedHashMap.class);
      }
    }
    for (String setting : List.of("retry", "timeout")) {
      if (node.hasNonNull(setting) && !config.containsKey(setting)) {
        // level 2: it counts as config.retry, config.timeout
        if (tooDeep(node.get(setting), 2, limits, path + "." + setting, nodeId, problems)) {
          return null;
        }
        config.put(setting, json.treeToValue(node.get(setting), Object.class));
      }
    }
    return config;
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
      String id = optionalScalar(edge, "id", path + ".id", problems);
      id = id == null ? "e" + i : id;
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

  private static void checkGraph(
      DefinitionGraph graph, List<Node> nodes, String failureHandler, List<FieldProblem> problems) {
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
    String trigger = triggers.getFirst().id();
    for (Edge edge : graph.incoming(graph.index(trigger))) {
      problems.add(
          new FieldProblem(
              "edges", "edge '" + edge.id() + "' enters the trigger; a trigger has no inputs"));
    }
    List<String> cycle = graph.findCycle();
    if (!cycle.isEmpty()) {
      problems.add(
          new FieldProblem("edges", "cycle through nodes " + DefinitionGraph.describe(cycle)));
      return;
    }
    List<String> starts = new ArrayList<>(List.of(trigger));
    if (failureHandler != null) {
      starts.add(failureHandler); // the failure handler's branch starts there, not at the trigger
    }
    Set<String> reached = graph.reachableFrom(starts);
    for (int i = 0; i < nodes.size(); i++) {
      if (!reached.contains(nodes.get(i).id())) {
        problems.add(
            new FieldProblem(
                "nodes[" + i + "]",
                "node '" + nodes.get(i).id() + "' is unreachable from the trigger"));
      }
    }
  }

  /**
   * Whether a value in a node's config nests deeper than the limit (reported if so). Counted with
   * an explicit stack, as the value is user input that Jackson lets nest 500 deep.
   *
   * @param level the level of {@code value} itself, the config object being level 1
   */
  private static boolean tooDeep(
      JsonNode value,
      int level,
      DefinitionLimits limits,
      String path,
      String nodeId,
      List<FieldProblem> problems) {
    Deque<JsonNode> todo = new ArrayDeque<>(List.of(value));
    Deque<Integer> levels = new ArrayDeque<>(List.of(level));
    while (!todo.isEmpty()) {
      JsonNode current = todo.pop();
      int depth = levels.pop();
      if (!current.isContainer()) {
        continue;
      }
      if (depth > limits.maxConfigDepth()) {
        problems.add(
            new FieldProblem(
                path,
                "node '"
                    + nodeId
                    + "': nests objects and arrays more than "
                    + limits.maxConfigDepth()
                    + " levels deep ("
                    + DefinitionLimits.property("max-config-depth")
                    + ")"));
        return true;
      }
      for (JsonNode child : current.values()) {
        todo.push(child);
        levels.push(depth + 1);
      }
    }
    return false;
  }

  private static void checkTemplates(
      List<Node> nodes, DefinitionGraph graph, List<FieldProblem> problems) {
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
    // Which of the nodes each node's templates read can run before it, found in one pass over the
    // graph rather than one walk per node.
    Map<String, Set<String>> read = new HashMap<>();
    for (Node node : nodes) {
      Templates.forEachReference(
          node.config(),
          "config",
          (field, reference) -> {
            String referred = TemplateReferences.referredNode(node, reference, nodeByRoot);
            if (referred != null) {
              read.computeIfAbsent(node.id(), k -> new HashSet<>()).add(referred);
            }
          });
    }
    Map<String, Set<String>> upstreamRead = read.isEmpty() ? Map.of() : graph.upstreamAmong(read);
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = "nodes[" + i + "].config";
      Set<String> upstream = upstreamRead.getOrDefault(node.id(), Set.of());
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

  /**
   * An optional field's value as text: null when absent or null; a problem when it is an object or
   * an array, which has no text (Jackson refuses to give one, and that must be a 400, not a 500).
   * Numbers and booleans are taken as their text, as they always were.
   */
  private static String optionalScalar(
      JsonNode parent, String field, String path, List<FieldProblem> out) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isContainer()) {
      out.add(new FieldProblem(path, "must be a string"));
      return null;
    }
    return value.asString();
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
