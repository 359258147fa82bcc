package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Expressions;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.PublishedEventTypes;
import io.flowmesh.orchestrator.definition.SwitchCase;
import io.flowmesh.orchestrator.definition.Templates;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.foreach.ForEachProgress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Moves a run through its workflow graph. Pure: it reads a {@link RunState}, updates it, and
 * returns the {@link Step}s that happened; persistence and messaging are the caller's.
 *
 * <p>When a node completes, each successor is activated (once per run). Triggers, end nodes and
 * disabled nodes complete at once; an action node calls its function and waits for the result.
 * Condition and switch nodes complete at once, pass their input through, and activate only the
 * successors on the branch their CEL expression chose. The run completes when no node is running,
 * and fails as soon as a node fails.
 */
public final class Interpreter {

  private static final int FIRST_ATTEMPT = 1;

  /** How many items of a for-each run at once when its config does not say. */
  private static final int DEFAULT_FOR_EACH_CONCURRENCY = 10;

  private final Supplier<String> executionIds;

  public Interpreter(Supplier<String> executionIds) {
    this.executionIds = executionIds;
  }

  /** Starts a run: the trigger completes with the trigger data and its successors activate. */
  public List<Step> start(WorkflowDefinition definition, RunState state, Object triggerData) {
    List<Step> steps = new ArrayList<>();
    activate(definition, state, definition.trigger(), triggerData, steps);
    finishIfIdle(state, steps);
    return steps;
  }

  /** A running node produced its output. */
  public List<Step> complete(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String executionId,
      int attempt,
      Object output) {
    List<Step> steps = new ArrayList<>();
    Node node = definition.node(nodeId);
    state.finished(nodeId);
    state.completed(nodeId);
    state.outputs().put(nodeId, output);
    steps.add(new Step.NodeCompleted(node, executionId, attempt, output));
    for (Node next : definition.successors(nodeId)) {
      activate(definition, state, next, output, steps);
    }
    finishIfIdle(state, steps);
    return steps;
  }

  /**
   * An item of a running for-each completed: the next items start in the freed slots, and once
   * every item has completed the node completes with their outputs in item order.
   *
   * @param items the node's items, as evaluated when it started
   * @param progress the node's bookkeeping, with this item still in flight
   */
  public List<Step> itemCompleted(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String nodeExecutionId,
      List<Object> items,
      ForEachProgress progress,
      int index,
      Object output) {
    if (!progress.completed(index, output)) {
      return List.of();
    }
    if (progress.done()) {
      return complete(
          definition, state, nodeId, nodeExecutionId, FIRST_ATTEMPT, progress.outputsInOrder());
    }
    List<Step> steps = new ArrayList<>();
    callItems(definition, state, definition.node(nodeId), nodeExecutionId, items, progress, steps);
    return steps;
  }

  /** An item of a running for-each failed: the node fails, naming the item. */
  public List<Step> itemFailed(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String nodeExecutionId,
      int index,
      ExecutionError error) {
    ExecutionError named =
        new ExecutionError(
            error.code(),
            "for-each node '" + nodeId + "': item " + index + " failed: " + error.message(),
            false);
    return fail(definition, state, nodeId, nodeExecutionId, FIRST_ATTEMPT, named);
  }

  /** A running node failed; without a retry policy or error edge the run fails with it. */
  public List<Step> fail(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String executionId,
      int attempt,
      ExecutionError error) {
    state.finished(nodeId);
    List<Step> steps = new ArrayList<>();
    failNode(definition.node(nodeId), executionId, attempt, error, state, steps);
    return steps;
  }

  private void activate(
      WorkflowDefinition definition, RunState state, Node node, Object input, List<Step> steps) {
    if (state.failed() || waitsForOtherBranches(definition, state, node)) {
      return;
    }
    if (!state.activate(node.id())) {
      return;
    }
    String executionId = executionIds.get();
    if (!node.enabled()) {
      // A disabled node is skipped: it passes its input through unchanged.
      completeAtOnce(definition, state, node, executionId, input, input, steps);
      return;
    }
    switch (node.kind()) {
      case TRIGGER -> {
        state.outputs().put("trigger", input);
        completeAtOnce(definition, state, node, executionId, input, input, steps);
      }
      case END -> {
        state.completed(node.id());
        steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, input));
        steps.add(new Step.NodeCompleted(node, executionId, FIRST_ATTEMPT, null));
      }
      case PARALLEL -> {
        // Fan-out: every successor starts; each branch advances on its own results.
        state.outputs().put(node.id(), input);
        completeAtOnce(definition, state, node, executionId, input, input, steps);
      }
      case APPROVAL_GATE -> {
        // Waits, running, until POST /runs/{id}/events delivers its event; the event's data
        // becomes its output through complete().
        state.running(node.id());
        steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, input));
      }
      case JOIN -> {
        Object output = joinOutput(definition, state, node, input);
        state.outputs().put(node.id(), output);
        completeAtOnce(definition, state, node, executionId, input, output, steps);
      }
      case ACTION -> callFunction(definition, state, node, executionId, input, steps);
      case MANUAL_TASK -> openTask(definition, state, node, executionId, input, steps);
      case PUBLISH_EVENT -> publishEvent(definition, state, node, executionId, input, steps);
      case SUB_WORKFLOW -> startChildRun(definition, state, node, executionId, input, steps);
      case FOR_EACH -> startForEach(definition, state, node, executionId, input, steps);
      case CONDITION, SWITCH -> branch(definition, state, node, executionId, input, steps);
    }
  }

  /**
   * A join in mode {@code all} starts only when every predecessor has completed; until then an
   * arriving branch only records its own completion. A join in mode {@code any}, and a disabled
   * join, starts with the first branch that arrives; later ones find it activated.
   */
  private static boolean waitsForOtherBranches(
      WorkflowDefinition definition, RunState state, Node node) {
    if (node.kind() != NodeKind.JOIN || !node.enabled() || !"all".equals(node.joinMode())) {
      return false;
    }
    return !definition.predecessors(node.id()).stream().allMatch(state::hasCompleted);
  }

  /** All: the predecessors' outputs by node id, in edge order. Any: the first arrival's output. */
  private static Object joinOutput(
      WorkflowDefinition definition, RunState state, Node node, Object input) {
    if (!"all".equals(node.joinMode())) {
      return input;
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (String predecessor : definition.predecessors(node.id())) {
      Node source = definition.node(predecessor);
      outputs.put(
          predecessor,
          state.outputs().get(source.kind() == NodeKind.TRIGGER ? "trigger" : predecessor));
    }
    return outputs;
  }

  /**
   * Evaluates a condition or switch and follows the chosen branch only. Its output is its input, so
   * data flows through a branch as through a disabled node; the branch taken is visible in the
   * history as the started node's input and the successor that ran.
   */
  private void branch(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object input,
      List<Step> steps) {
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, input));
    String branch;
    try {
      branch = chooseBranch(node, expressionVariables(state, input));
    } catch (Expressions.ExpressionFailedException e) {
      ExecutionError error =
          new ExecutionError(
              "EXPRESSION_FAILED",
              node.kind().wireName() + " node '" + node.id() + "': " + e.getMessage(),
              false);
      failNode(node, executionId, FIRST_ATTEMPT, error, state, steps);
      return;
    }
    state.outputs().put(node.id(), input);
    state.completed(node.id());
    steps.add(new Step.NodeCompleted(node, executionId, FIRST_ATTEMPT, input));
    for (Node next : definition.successors(node.id(), branch)) {
      activate(definition, state, next, input, steps);
    }
  }

  /** The branch a condition ({@code true}/{@code false}) or switch (first true case) takes. */
  private static String chooseBranch(Node node, Map<String, Object> variables) {
    if (node.kind() == NodeKind.CONDITION) {
      return Boolean.toString(Expressions.evaluateBoolean(node.expression(), variables));
    }
    for (SwitchCase switchCase : node.cases()) {
      if (Expressions.evaluateBoolean(switchCase.expression(), variables)) {
        return switchCase.id();
      }
    }
    return "default";
  }

  private static Map<String, Object> expressionVariables(RunState state, Object input) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("trigger", state.outputs().get("trigger"));
    variables.put("input", input);
    variables.put("nodes", state.outputs());
    variables.put("run", Map.of("id", state.runId(), "workflowId", state.workflowId()));
    return variables;
  }

  private void completeAtOnce(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object input,
      Object output,
      List<Step> steps) {
    state.completed(node.id());
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, input));
    steps.add(new Step.NodeCompleted(node, executionId, FIRST_ATTEMPT, output));
    for (Node next : definition.successors(node.id())) {
      activate(definition, state, next, output, steps);
    }
  }

  private void callFunction(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object previousOutput,
      List<Step> steps) {
    Object input;
    try {
      input = Templates.resolve(node.inputTemplate(), "config", scope(definition, state));
    } catch (Templates.UnresolvedTemplateException e) {
      steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, previousOutput));
      ExecutionError error = new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false);
      failNode(node, executionId, FIRST_ATTEMPT, error, state, steps);
      return;
    }
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, input));
    steps.add(new Step.FunctionCalled(node, executionId, FIRST_ATTEMPT, node.function(), input));
  }

  /**
   * A manual task waits, running, until it is completed through the API; its assignee, title,
   * description and input are resolved now, so the task list shows what the human should see.
   */
  private void openTask(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object previousOutput,
      List<Step> steps) {
    Map<String, Object> template = new LinkedHashMap<>();
    for (String field : List.of("assignee", "title", "description", "input")) {
      if (node.config().get(field) != null) {
        template.put(field, node.config().get(field));
      }
    }
    Map<String, Object> details;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> resolved =
          (Map<String, Object>) Templates.resolve(template, "config", scope(definition, state));
      details = resolved;
    } catch (Templates.UnresolvedTemplateException e) {
      templateFailed(node, executionId, previousOutput, e, state, steps);
      return;
    }
    Object assignee = details.get("assignee");
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, details));
    steps.add(
        new Step.TaskOpened(
            node, executionId, assignee == null ? null : String.valueOf(assignee), details));
  }

  /**
   * Publishes the event and completes at once: the event leaves through the outbox in the same
   * transaction, so it is published exactly when the node counts as done. Its output is the event.
   */
  private void publishEvent(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object previousOutput,
      List<Step> steps) {
    Map<String, Object> template = new LinkedHashMap<>();
    for (String field : List.of("type", "subject", "data")) {
      if (node.config().get(field) != null) {
        template.put(field, node.config().get(field));
      }
    }
    Map<String, Object> event;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> resolved =
          (Map<String, Object>) Templates.resolve(template, "config", scope(definition, state));
      event = resolved;
    } catch (Templates.UnresolvedTemplateException e) {
      templateFailed(node, executionId, previousOutput, e, state, steps);
      return;
    }
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, event));
    String invalid = PublishedEventTypes.problem(event.get("type"));
    if (invalid != null) {
      ExecutionError error =
          new ExecutionError(
              "INVALID_EVENT", "publish-event node '" + node.id() + "': type " + invalid, false);
      failNode(node, executionId, FIRST_ATTEMPT, error, state, steps);
      return;
    }
    event.putIfAbsent("data", Map.of());
    Object subject = event.get("subject");
    steps.add(
        new Step.EventPublished(
            node,
            executionId,
            (String) event.get("type"),
            subject == null ? null : String.valueOf(subject),
            event.get("data")));
    state.outputs().put(node.id(), event);
    state.completed(node.id());
    steps.add(new Step.NodeCompleted(node, executionId, FIRST_ATTEMPT, event));
    for (Node next : definition.successors(node.id())) {
      activate(definition, state, next, event, steps);
    }
  }

  /**
   * Asks for a child run with the resolved {@code config.input} (the previous node's output when
   * the node gives none) and waits, running, until the child finishes.
   */
  private void startChildRun(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object previousOutput,
      List<Step> steps) {
    Object input;
    try {
      input =
          node.config().containsKey("input")
              ? Templates.resolve(
                  node.config().get("input"), "config.input", scope(definition, state))
              : previousOutput;
    } catch (Templates.UnresolvedTemplateException e) {
      templateFailed(node, executionId, previousOutput, e, state, steps);
      return;
    }
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, input));
    Object version = node.config().get("version");
    steps.add(
        new Step.ChildRunRequested(
            node,
            executionId,
            (String) node.config().get("workflowId"),
            version instanceof Number n ? n.intValue() : null,
            input == null ? Map.of() : input));
  }

  /**
   * Evaluates the items and calls the function for the first {@code concurrency} of them; the node
   * waits, running, for all. No items: it completes at once with an empty list.
   */
  private void startForEach(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object previousOutput,
      List<Step> steps) {
    List<Object> items;
    try {
      items =
          Expressions.evaluateList(
              (String) node.config().get("items"), expressionVariables(state, previousOutput));
    } catch (Expressions.ExpressionFailedException e) {
      steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, previousOutput));
      ExecutionError error =
          new ExecutionError(
              "EXPRESSION_FAILED", "for-each node '" + node.id() + "': " + e.getMessage(), false);
      failNode(node, executionId, FIRST_ATTEMPT, error, state, steps);
      return;
    }
    int concurrency =
        node.config().get("concurrency") instanceof Integer n ? n : DEFAULT_FOR_EACH_CONCURRENCY;
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("items", items);
    started.put("concurrency", concurrency);
    if (items.isEmpty()) {
      state.outputs().put(node.id(), List.of());
      completeAtOnce(definition, state, node, executionId, started, List.of(), steps);
      return;
    }
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, started));
    callItems(
        definition,
        state,
        node,
        executionId,
        items,
        ForEachProgress.start(items.size(), concurrency),
        steps);
  }

  /** Calls the function for each item the progress lets start; a bad item input fails the node. */
  private void callItems(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String nodeExecutionId,
      List<Object> items,
      ForEachProgress progress,
      List<Step> steps) {
    Map<String, Object> scope = scope(definition, state);
    for (int index : progress.dispatch()) {
      scope.put("item", items.get(index));
      scope.put("index", index);
      Object input;
      try {
        input =
            node.config().containsKey("input")
                ? Templates.resolve(node.config().get("input"), "config.input", scope)
                : items.get(index);
      } catch (Templates.UnresolvedTemplateException e) {
        ExecutionError error =
            new ExecutionError(
                "TEMPLATE_UNRESOLVED",
                "for-each node '" + node.id() + "': item " + index + ": " + e.getMessage(),
                false);
        state.finished(node.id());
        failNode(node, nodeExecutionId, FIRST_ATTEMPT, error, state, steps);
        return;
      }
      steps.add(
          new Step.ItemCalled(
              node, nodeExecutionId, index, executionIds.get(), node.function(), input));
    }
  }

  private static void templateFailed(
      Node node,
      String executionId,
      Object previousOutput,
      Templates.UnresolvedTemplateException e,
      RunState state,
      List<Step> steps) {
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, previousOutput));
    ExecutionError error = new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false);
    failNode(node, executionId, FIRST_ATTEMPT, error, state, steps);
  }

  private static void failNode(
      Node node,
      String executionId,
      int attempt,
      ExecutionError error,
      RunState state,
      List<Step> steps) {
    state.fail();
    steps.add(new Step.NodeFailed(node, executionId, attempt, error));
    steps.add(new Step.RunFailed(node.id(), error));
  }

  private static void finishIfIdle(RunState state, List<Step> steps) {
    if (!state.failed() && state.idle()) {
      steps.add(
          new Step.RunCompleted(Collections.unmodifiableMap(new LinkedHashMap<>(state.outputs()))));
    }
  }

  /** What templates can refer to: trigger, run, and completed nodes by id and by label. */
  private static Map<String, Object> scope(WorkflowDefinition definition, RunState state) {
    Map<String, Object> scope = new HashMap<>();
    for (Node node : definition.nodes()) {
      String label = node.labelKey();
      // the trigger's output is kept as "trigger"; its id and label refer to it too
      String key = node.kind() == NodeKind.TRIGGER ? "trigger" : node.id();
      if (label != null && !label.isEmpty() && state.outputs().containsKey(key)) {
        scope.put(label, state.outputs().get(key));
      }
      if (node.kind() == NodeKind.TRIGGER && state.outputs().containsKey(key)) {
        scope.put(node.id(), state.outputs().get(key));
      }
    }
    scope.putAll(state.outputs());
    scope.put("run", Map.of("id", state.runId(), "workflowId", state.workflowId()));
    return scope;
  }
}
