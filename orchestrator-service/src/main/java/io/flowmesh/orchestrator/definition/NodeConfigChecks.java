package io.flowmesh.orchestrator.definition;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Map;

/**
 * Save-time checks of the config of the trigger, manual-task, publish-event, sub-workflow and
 * for-each nodes, of the correlation of approval gates and wait-for-event nodes, and of {@code
 * system/http-request}'s headers given as a string. Each names the node and the field, like the
 * parser's own checks.
 */
final class NodeConfigChecks {

  private NodeConfigChecks() {}

  static void check(
      NodeKind kind,
      String nodeId,
      String path,
      Map<String, Object> config,
      List<FieldProblem> problems) {
    if (kind == NodeKind.TRIGGER) {
      TriggerDeclaration.check(nodeId, path, config, problems);
      checkInputSchema(nodeId, path, config, problems);
    }
    if (kind == NodeKind.MANUAL_TASK) {
      checkManualTask(nodeId, path, config, problems);
    }
    if (kind == NodeKind.PUBLISH_EVENT) {
      checkPublishEvent(nodeId, path, config, problems);
    }
    if (kind == NodeKind.SUB_WORKFLOW) {
      checkSubWorkflow(nodeId, path, config, problems);
    }
    if (kind == NodeKind.FOR_EACH) {
      checkForEach(nodeId, path, config, problems);
    }
    if (kind == NodeKind.APPROVAL_GATE || kind == NodeKind.WAIT_FOR_EVENT) {
      Correlations.check(kind, nodeId, path, config, problems);
    }
    if (kind == NodeKind.ACTION) {
      HttpRequestHeaders.check(new Node(nodeId, kind, null, true, config), path, problems);
    }
  }

  /** A trigger's {@code inputSchema}: what a run's input must match when started by the API. */
  private static void checkInputSchema(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    if (config.containsKey("inputSchema")) {
      for (String problem : FormSchemas.problems(config.get("inputSchema"))) {
        problems.add(
            new FieldProblem(
                path + ".config.inputSchema",
                "trigger node '" + nodeId + "': the input schema " + problem));
      }
    }
  }

  private static void checkManualTask(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    if (config.containsKey("form")) {
      for (String problem : FormSchemas.problems(config.get("form"))) {
        problems.add(
            new FieldProblem(
                path + ".config.form", "manual-task node '" + nodeId + "': the form " + problem));
      }
    }
    optionalString("manual-task", nodeId, path, config, "assignee", problems);
    optionalString("manual-task", nodeId, path, config, "title", problems);
  }

  private static void checkPublishEvent(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    Object type = config.get("type");
    if (!(type instanceof String text) || text.isBlank()) {
      problems.add(
          new FieldProblem(
              path + ".config.type",
              "publish-event node '" + nodeId + "' needs the CloudEvents type it publishes"));
    } else if (!text.contains("{{")) {
      String problem = PublishedEventTypes.problem(text);
      if (problem != null) {
        problems.add(
            new FieldProblem(
                path + ".config.type", "publish-event node '" + nodeId + "': type " + problem));
      }
    }
    optionalString("publish-event", nodeId, path, config, "subject", problems);
  }

  private static void checkSubWorkflow(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    if (!(config.get("workflowId") instanceof String id) || id.isBlank()) {
      problems.add(
          new FieldProblem(
              path + ".config.workflowId",
              "sub-workflow node '" + nodeId + "' needs the id of the saved workflow it runs"));
    }
    Object version = config.get("version");
    if (version != null && !(version instanceof Integer n && n > 0)) {
      problems.add(
          new FieldProblem(
              path + ".config.version",
              "sub-workflow node '" + nodeId + "': version must be a positive integer"));
    }
    Object policy = config.get("onChildFailure");
    if (policy != null && !"fail".equals(policy) && !"continue".equals(policy)) {
      problems.add(
          new FieldProblem(
              path + ".config.onChildFailure",
              "sub-workflow node '"
                  + nodeId
                  + "': onChildFailure must be \"fail\" or \"continue\", got '"
                  + policy
                  + "'"));
    }
  }

  /** The largest {@code config.concurrency} of a for-each. */
  static final int MAX_FOR_EACH_CONCURRENCY = 100;

  private static void checkForEach(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    if (!(config.get("items") instanceof String items) || items.isBlank()) {
      problems.add(
          new FieldProblem(
              path + ".config.items",
              "for-each node '" + nodeId + "' needs a CEL expression for its items"));
    } else {
      Expressions.checkList(items)
          .ifPresent(
              why ->
                  problems.add(
                      new FieldProblem(
                          path + ".config.items",
                          "for-each node '" + nodeId + "': CEL expression: " + why)));
    }
    Object function = config.getOrDefault("function", config.get("actionId"));
    if (!(function instanceof String slug) || slug.isBlank()) {
      problems.add(
          new FieldProblem(
              path + ".config.function",
              "for-each node '" + nodeId + "' must name the function it calls per item"));
    }
    Object concurrency = config.get("concurrency");
    if (concurrency != null
        && !(concurrency instanceof Integer n && n >= 1 && n <= MAX_FOR_EACH_CONCURRENCY)) {
      problems.add(
          new FieldProblem(
              path + ".config.concurrency",
              "for-each node '"
                  + nodeId
                  + "': concurrency must be an integer from 1 to "
                  + MAX_FOR_EACH_CONCURRENCY));
    }
  }

  private static void optionalString(
      String kind,
      String nodeId,
      String path,
      Map<String, Object> config,
      String field,
      List<FieldProblem> problems) {
    Object value = config.get(field);
    if (value != null && !(value instanceof String)) {
      problems.add(
          new FieldProblem(
              path + ".config." + field,
              kind + " node '" + nodeId + "': " + field + " must be a string (or a template)"));
    }
  }
}
