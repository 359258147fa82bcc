package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Edge;
import io.flowmesh.orchestrator.definition.Expressions;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.PublishedEventTypes;
import io.flowmesh.orchestrator.definition.SwitchCase;
import io.flowmesh.orchestrator.definition.Templates;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.orchestrator.definition.reliability.RetryPolicy;
import io.flowmesh.orchestrator.engine.foreach.ForEachProgress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
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
 *
 * <p>Waiting is durable: a timer node, a retry backoff and a node or approval timeout are {@link
 * Step.TimerSet} steps the caller persists; when one is due the caller hands it back through {@link
 * #timerFired}. A failed action is retried by its retry policy; a node that fails for good follows
 * its {@code error} edges if it has any, else the run fails, after the definition's {@code
 * onFailure} branch has run if it names one.
 */
public final class Interpreter {

  private static final int FIRST_ATTEMPT = 1;

  /**
   * The key of a for-each attempt's input under which a retried attempt keeps the outputs of items
   * an earlier attempt completed, by item index.
   */
  public static final String CARRIED_OVER = "carriedOver";

  /** How many items of a for-each run at once when its config does not say. */
  private static final int DEFAULT_FOR_EACH_CONCURRENCY = 10;

  private final Supplier<String> executionIds;
  private final InstantSource clock;
  private final DoubleSupplier random;

  public Interpreter(Supplier<String> executionIds) {
    this(executionIds, InstantSource.system(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param clock when timers are due is computed from it
   * @param random uniform in [0, 1): the draw for retry jitter
   */
  public Interpreter(Supplier<String> executionIds, InstantSource clock, DoubleSupplier random) {
    this.executionIds = executionIds;
    this.clock = clock;
    this.random = random;
  }

  /** Starts a run: the trigger completes with the trigger data and its successors activate. */
  public List<Step> start(WorkflowDefinition definition, RunState state, Object triggerData) {
    List<Step> steps = new ArrayList<>();
    activate(definition, state, definition.trigger(), triggerData, steps);
    finishIfIdle(definition, state, steps);
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
    finishIfIdle(definition, state, steps);
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
    return itemCompleted(
        definition, state, nodeId, nodeExecutionId, FIRST_ATTEMPT, items, progress, index, output);
  }

  /**
   * {@link #itemCompleted(WorkflowDefinition, RunState, String, String, List, ForEachProgress, int,
   * Object)} for the node's given attempt (a for-each retried from the failed node).
   */
  public List<Step> itemCompleted(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String nodeExecutionId,
      int attempt,
      List<Object> items,
      ForEachProgress progress,
      int index,
      Object output) {
    if (!progress.completed(index, output)) {
      return List.of();
    }
    if (progress.done()) {
      return complete(
          definition, state, nodeId, nodeExecutionId, attempt, progress.outputsInOrder());
    }
    List<Step> steps = new ArrayList<>();
    callItems(
        definition,
        state,
        definition.node(nodeId),
        nodeExecutionId,
        attempt,
        items,
        progress,
        steps);
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
    return itemFailed(definition, state, nodeId, nodeExecutionId, FIRST_ATTEMPT, index, error);
  }

  /**
   * {@link #itemFailed(WorkflowDefinition, RunState, String, String, int, ExecutionError)} for the
   * node's given attempt.
   */
  public List<Step> itemFailed(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String nodeExecutionId,
      int attempt,
      int index,
      ExecutionError error) {
    ExecutionError named =
        new ExecutionError(
            error.code(),
            "for-each node '" + nodeId + "': item " + index + " failed: " + error.message(),
            false);
    return fail(definition, state, nodeId, nodeExecutionId, attempt, named);
  }

  /**
   * A running node failed. Its retry policy may schedule another attempt after a backoff; else its
   * {@code error} edges run, or the run fails.
   */
  public List<Step> fail(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String executionId,
      int attempt,
      ExecutionError error) {
    state.finished(nodeId);
    List<Step> steps = new ArrayList<>();
    Node node = definition.node(nodeId);
    RetryPolicy policy = node.kind() == NodeKind.ACTION ? RetryPolicy.of(node.config()) : null;
    if (policy != null && policy.retries(error, attempt)) {
      steps.add(new Step.NodeFailed(node, executionId, attempt, error));
      Instant due = clock.instant().plus(policy.delayAfter(attempt, random.getAsDouble()));
      String next = executionIds.get();
      // the node keeps the run open while its next attempt waits
      state.running(nodeId);
      steps.add(new Step.AttemptScheduled(node, next, attempt + 1, due));
      steps.add(new Step.TimerSet(node, next, attempt + 1, TimerKind.RETRY, due, null));
      return steps;
    }
    failNode(definition, node, executionId, attempt, error, state, steps);
    finishIfIdle(definition, state, steps);
    return steps;
  }

  /**
   * A durable timer of the node's attempt is due (the caller checked that the attempt still waits
   * for it): a timer node completes with its input, a scheduled retry attempt starts, an action
   * that timed out fails with {@code TIMEOUT} (retryable), an approval gate that timed out follows
   * its {@code timeout} edges or, without any, fails with {@code TIMEOUT}.
   */
  public List<Step> timerFired(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String executionId,
      int attempt,
      TimerKind kind,
      Object payload) {
    Node node = definition.node(nodeId);
    List<Step> steps = new ArrayList<>();
    switch (kind) {
      case TIMER -> {
        return complete(definition, state, nodeId, executionId, attempt, payload);
      }
      case RETRY -> {
        if (state.handlingFailure() && !definition.inFailureBranch(nodeId)) {
          // the run is failing: the failed flow starts no new attempt
          state.finished(nodeId);
        } else {
          callFunction(definition, state, node, executionId, attempt, null, steps);
        }
      }
      case TIMEOUT -> {
        Duration timeout = NodeSettings.timeout(node.config()).orElse(Duration.ZERO);
        if (node.kind() != NodeKind.APPROVAL_GATE) {
          return fail(
              definition,
              state,
              nodeId,
              executionId,
              attempt,
              new ExecutionError(
                  "TIMEOUT",
                  "node '" + nodeId + "' did not finish within its timeout of " + timeout,
                  true));
        }
        state.finished(nodeId);
        List<Node> onTimeout = definition.successors(nodeId, Edge.TIMEOUT);
        if (onTimeout.isEmpty()) {
          ExecutionError error =
              new ExecutionError(
                  "TIMEOUT",
                  "approval gate '"
                      + nodeId
                      + "' received no '"
                      + node.eventName()
                      + "' event within "
                      + timeout,
                  false);
          failNode(definition, node, executionId, attempt, error, state, steps);
        } else {
          Map<String, Object> output = Map.of("timedOut", true);
          state.completed(nodeId);
          state.outputs().put(nodeId, output);
          steps.add(new Step.NodeCompleted(node, executionId, attempt, output));
          for (Node next : onTimeout) {
            activate(definition, state, next, output, steps);
          }
        }
      }
      case CHILD_ENDED ->
          throw new IllegalArgumentException(
              "a child run's end is applied through the sub-workflow node, not as a timer step");
    }
    finishIfIdle(definition, state, steps);
    return steps;
  }

  /**
   * Activates a node and, depth first, every node that activates in turn because one completed at
   * once (a disabled node, a parallel, a join, a branch, a publish-event). A chain of those is as
   * long as the definition, so this is a loop, not a recursion: activations asked for while one is
   * performed are collected, then performed in the order a recursion would have, before any
   * activation asked for earlier.
   */
  private void activate(
      WorkflowDefinition definition, RunState state, Node node, Object input, List<Step> steps) {
    List<Activation> collecting = state.collectedActivations();
    if (collecting != null) {
      collecting.add(new Activation(node, input));
      return;
    }
    Deque<Activation> pending = new ArrayDeque<>();
    pending.push(new Activation(node, input));
    try {
      while (!pending.isEmpty()) {
        Activation next = pending.pop();
        List<Activation> asked = new ArrayList<>();
        state.collectActivations(asked);
        activateNow(definition, state, next.node(), next.input(), steps);
        state.collectActivations(null);
        for (int i = asked.size() - 1; i >= 0; i--) {
          pending.push(asked.get(i));
        }
      }
    } finally {
      state.collectActivations(null);
    }
  }

  private void activateNow(
      WorkflowDefinition definition, RunState state, Node node, Object input, List<Step> steps) {
    if (state.failed() || waitsForOtherBranches(definition, state, node)) {
      return;
    }
    if (state.handlingFailure() && !definition.inFailureBranch(node.id())) {
      // the run is failing: only its failure handler's branch starts new nodes
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
        NodeSettings.timeout(node.config())
            .ifPresent(
                timeout ->
                    steps.add(
                        new Step.TimerSet(
                            node,
                            executionId,
                            FIRST_ATTEMPT,
                            TimerKind.TIMEOUT,
                            clock.instant().plus(timeout),
                            null)));
      }
      case TIMER -> startTimer(definition, state, node, executionId, input, steps);
      case JOIN -> {
        Object output = joinOutput(definition, state, node, input);
        state.outputs().put(node.id(), output);
        completeAtOnce(definition, state, node, executionId, input, output, steps);
      }
      case ACTION ->
          callFunction(definition, state, node, executionId, FIRST_ATTEMPT, input, steps);
      case MANUAL_TASK ->
          openTask(definition, state, node, executionId, FIRST_ATTEMPT, input, steps);
      case PUBLISH_EVENT -> publishEvent(definition, state, node, executionId, input, steps);
      case SUB_WORKFLOW ->
          startChildRun(definition, state, node, executionId, FIRST_ATTEMPT, input, steps);
      case FOR_EACH ->
          startForEach(definition, state, node, executionId, FIRST_ATTEMPT, input, steps);
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
    branch(definition, state, node, executionId, FIRST_ATTEMPT, input, steps);
  }

  /** {@link #branch} for a given attempt (a retry from the failed node). */
  private void branch(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      int attempt,
      Object input,
      List<Step> steps) {
    steps.add(new Step.NodeStarted(node, executionId, attempt, input));
    String branch;
    try {
      branch = chooseBranch(node, expressionVariables(state, input));
    } catch (Expressions.ExpressionFailedException e) {
      ExecutionError error =
          new ExecutionError(
              "EXPRESSION_FAILED",
              node.kind().wireName() + " node '" + node.id() + "': " + e.getMessage(),
              false);
      failNode(definition, node, executionId, attempt, error, state, steps);
      return;
    }
    state.outputs().put(node.id(), input);
    state.completed(node.id());
    steps.add(new Step.NodeCompleted(node, executionId, attempt, input));
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
    variables.put("run", runVariable(state));
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
      int attempt,
      Object previousOutput,
      List<Step> steps) {
    Object input;
    try {
      input = Templates.resolve(node.inputTemplate(), "config", scope(definition, state));
    } catch (Templates.UnresolvedTemplateException e) {
      state.finished(node.id());
      steps.add(new Step.NodeStarted(node, executionId, attempt, previousOutput));
      ExecutionError error = new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false);
      failNode(definition, node, executionId, attempt, error, state, steps);
      return;
    }
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, attempt, input));
    steps.add(new Step.FunctionCalled(node, executionId, attempt, node.function(), input));
    NodeSettings.timeout(node.config())
        .ifPresent(
            timeout ->
                steps.add(
                    new Step.TimerSet(
                        node,
                        executionId,
                        attempt,
                        TimerKind.TIMEOUT,
                        clock.instant().plus(timeout),
                        null)));
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
      int attempt,
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
      templateFailed(definition, node, executionId, attempt, previousOutput, e, state, steps);
      return;
    }
    Object assignee = details.get("assignee");
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, attempt, details));
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
      templateFailed(definition, node, executionId, previousOutput, e, state, steps);
      return;
    }
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, event));
    String invalid = PublishedEventTypes.problem(event.get("type"));
    if (invalid != null) {
      ExecutionError error =
          new ExecutionError(
              "INVALID_EVENT", "publish-event node '" + node.id() + "': type " + invalid, false);
      failNode(definition, node, executionId, FIRST_ATTEMPT, error, state, steps);
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
      int attempt,
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
      templateFailed(definition, node, executionId, attempt, previousOutput, e, state, steps);
      return;
    }
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, attempt, input));
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
      int attempt,
      Object previousOutput,
      List<Step> steps) {
    List<Object> items;
    try {
      items =
          Expressions.evaluateList(
              (String) node.config().get("items"), expressionVariables(state, previousOutput));
    } catch (Expressions.ExpressionFailedException e) {
      steps.add(new Step.NodeStarted(node, executionId, attempt, previousOutput));
      ExecutionError error =
          new ExecutionError(
              "EXPRESSION_FAILED", "for-each node '" + node.id() + "': " + e.getMessage(), false);
      failNode(definition, node, executionId, attempt, error, state, steps);
      return;
    }
    runItems(definition, state, node, executionId, attempt, items, Map.of(), steps);
  }

  /**
   * Starts a for-each attempt over the items, the ones in {@code carriedOver} already done: its
   * input records the items, the concurrency and what was carried over (the node execution's input
   * is what later results rebuild the progress from).
   */
  private void runItems(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      int attempt,
      List<Object> items,
      Map<Integer, Object> carriedOver,
      List<Step> steps) {
    int concurrency =
        node.config().get("concurrency") instanceof Integer n ? n : DEFAULT_FOR_EACH_CONCURRENCY;
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("items", items);
    started.put("concurrency", concurrency);
    if (!carriedOver.isEmpty()) {
      Map<String, Object> kept = new LinkedHashMap<>();
      new java.util.TreeMap<>(carriedOver)
          .forEach((index, output) -> kept.put(index.toString(), output));
      started.put(CARRIED_OVER, kept);
    }
    ForEachProgress progress =
        ForEachProgress.restore(items.size(), concurrency, carriedOver, java.util.Set.of());
    if (progress.done()) {
      List<Object> outputs = progress.outputsInOrder();
      state.outputs().put(node.id(), outputs);
      state.completed(node.id());
      steps.add(new Step.NodeStarted(node, executionId, attempt, started));
      steps.add(new Step.NodeCompleted(node, executionId, attempt, outputs));
      for (Node next : definition.successors(node.id())) {
        activate(definition, state, next, outputs, steps);
      }
      return;
    }
    state.running(node.id());
    steps.add(new Step.NodeStarted(node, executionId, attempt, started));
    callItems(definition, state, node, executionId, attempt, items, progress, steps);
  }

  /** Calls the function for each item the progress lets start; a bad item input fails the node. */
  private void callItems(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String nodeExecutionId,
      int attempt,
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
        failNode(definition, node, nodeExecutionId, attempt, error, state, steps);
        return;
      }
      steps.add(
          new Step.ItemCalled(
              node, nodeExecutionId, index, executionIds.get(), node.function(), input));
    }
  }

  private void templateFailed(
      WorkflowDefinition definition,
      Node node,
      String executionId,
      Object previousOutput,
      Templates.UnresolvedTemplateException e,
      RunState state,
      List<Step> steps) {
    templateFailed(definition, node, executionId, FIRST_ATTEMPT, previousOutput, e, state, steps);
  }

  private void templateFailed(
      WorkflowDefinition definition,
      Node node,
      String executionId,
      int attempt,
      Object previousOutput,
      Templates.UnresolvedTemplateException e,
      RunState state,
      List<Step> steps) {
    steps.add(new Step.NodeStarted(node, executionId, attempt, previousOutput));
    ExecutionError error = new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false);
    failNode(definition, node, executionId, attempt, error, state, steps);
  }

  /**
   * A timer node waits, running, for its timer; it completes with its input when the timer fires.
   * An {@code until} that does not resolve to a timestamp fails the node.
   */
  private void startTimer(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      Object input,
      List<Step> steps) {
    steps.add(new Step.NodeStarted(node, executionId, FIRST_ATTEMPT, input));
    Instant due;
    Optional<Duration> duration = NodeSettings.timerDuration(node.config());
    if (duration.isPresent()) {
      due = clock.instant().plus(duration.get());
    } else {
      try {
        Object until =
            Templates.resolve(
                NodeSettings.timerUntil(node.config()), "config.until", scope(definition, state));
        due = NodeSettings.timestamp(until);
      } catch (Templates.UnresolvedTemplateException e) {
        ExecutionError error = new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false);
        failNode(definition, node, executionId, FIRST_ATTEMPT, error, state, steps);
        return;
      } catch (IllegalArgumentException e) {
        ExecutionError error =
            new ExecutionError(
                "INVALID_TIMESTAMP",
                "timer node '" + node.id() + "': config.until: " + e.getMessage(),
                false);
        failNode(definition, node, executionId, FIRST_ATTEMPT, error, state, steps);
        return;
      }
    }
    state.running(node.id());
    steps.add(new Step.TimerSet(node, executionId, FIRST_ATTEMPT, TimerKind.TIMER, due, input));
  }

  /**
   * A node failed for good. With {@code error} edges, its output becomes {@code {"error": {code,
   * message, retryable, nodeId}}} and the edges' targets start with it; else the run fails.
   */
  private void failNode(
      WorkflowDefinition definition,
      Node node,
      String executionId,
      int attempt,
      ExecutionError error,
      RunState state,
      List<Step> steps) {
    steps.add(new Step.NodeFailed(node, executionId, attempt, error));
    List<Node> handlers = definition.successors(node.id(), Edge.ERROR);
    if (!handlers.isEmpty()) {
      Map<String, Object> output = Map.of("error", errorInfo(node.id(), error));
      state.outputs().put(node.id(), output);
      for (Node handler : handlers) {
        activate(definition, state, handler, output, steps);
      }
      return;
    }
    runFails(definition, node.id(), error, state, steps);
  }

  /**
   * The run fails, unless the definition names a failure handler that has not run yet: then the
   * handler starts with {@code {"error": {...}}} and the run fails when it is done.
   */
  private void runFails(
      WorkflowDefinition definition,
      String nodeId,
      ExecutionError error,
      RunState state,
      List<Step> steps) {
    String handler = definition.failureHandler();
    if (handler != null && !state.handlingFailure()) {
      state.failing(nodeId, error);
      steps.add(new Step.FailureHandlerStarted(nodeId, error));
      activate(
          definition,
          state,
          definition.node(handler),
          Map.of("error", errorInfo(nodeId, error)),
          steps);
      return;
    }
    state.fail();
    if (state.handlingFailure()) {
      // the handler itself failed: the run fails with the error that started the handler
      steps.add(new Step.RunFailed(state.failedNodeId(), state.failure()));
    } else {
      steps.add(new Step.RunFailed(nodeId, error));
    }
  }

  private static Map<String, Object> errorInfo(String nodeId, ExecutionError error) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("code", error.code());
    info.put("message", error.message());
    info.put("retryable", error.retryable());
    info.put("nodeId", nodeId);
    return info;
  }

  private static void finishIfIdle(
      WorkflowDefinition definition, RunState state, List<Step> steps) {
    if (state.failed()) {
      return;
    }
    if (state.handlingFailure()) {
      // nodes of the failed main flow may still wait (a gate, a timer): only the handler counts
      if (!state.anyRunning(definition::inFailureBranch)) {
        state.fail();
        steps.add(new Step.RunFailed(state.failedNodeId(), state.failure()));
      }
      return;
    }
    if (state.idle()) {
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
    scope.put("run", runVariable(state));
    return scope;
  }

  /** {@code run}: id and workflow id, and while a failure handler runs, the run's error. */
  private static Map<String, Object> runVariable(RunState state) {
    if (!state.handlingFailure()) {
      return Map.of("id", state.runId(), "workflowId", state.workflowId());
    }
    return Map.of(
        "id",
        state.runId(),
        "workflowId",
        state.workflowId(),
        "error",
        errorInfo(state.failedNodeId(), state.failure()));
  }

  /**
   * Runs a node again as a new attempt: retry from the failed node, or a node that was running when
   * its run failed. An action resolves its input again from the run's outputs and calls its
   * function; a condition or switch evaluates again on its previous input and follows its branch;
   * an approval gate waits again; a manual task opens a fresh task; a sub-workflow starts a new
   * child run; a for-each calls every item again (use {@link #retryForEach} to keep the items that
   * completed). Other kinds cannot be retried.
   *
   * @param previousInput the input of the node's previous attempt (what a branch evaluates)
   * @throws IllegalArgumentException if the node's kind cannot be retried
   */
  public List<Step> retry(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      int attempt,
      Object previousInput) {
    Node node = definition.node(nodeId);
    if (!isRetryable(node)) {
      throw new IllegalArgumentException("a " + node.kind().wireName() + " node is not retried");
    }
    List<Step> steps = new ArrayList<>();
    String executionId = executionIds.get();
    switch (node.kind()) {
      case ACTION -> {
        Object input;
        try {
          input = Templates.resolve(node.inputTemplate(), "config", scope(definition, state));
        } catch (Templates.UnresolvedTemplateException e) {
          steps.add(new Step.NodeStarted(node, executionId, attempt, previousInput));
          ExecutionError error = new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false);
          failNode(definition, node, executionId, attempt, error, state, steps);
          return steps;
        }
        state.running(node.id());
        steps.add(new Step.NodeStarted(node, executionId, attempt, input));
        steps.add(new Step.FunctionCalled(node, executionId, attempt, node.function(), input));
      }
      case APPROVAL_GATE -> {
        state.running(node.id());
        steps.add(new Step.NodeStarted(node, executionId, attempt, previousInput));
      }
      // a fresh task, its details resolved again; the old one is no longer open
      case MANUAL_TASK ->
          openTask(definition, state, node, executionId, attempt, previousInput, steps);
      // a new child run with the input resolved again; the previous attempt's input stands in for
      // the predecessor's output a node without config.input passes on
      case SUB_WORKFLOW ->
          startChildRun(definition, state, node, executionId, attempt, previousInput, steps);
      case FOR_EACH ->
          retryForEach(
              definition, state, node, executionId, attempt, previousInput, Map.of(), steps);
      default -> branch(definition, state, node, executionId, attempt, previousInput, steps);
    }
    finishIfIdle(definition, state, steps);
    return steps;
  }

  /**
   * Runs a for-each again as a new attempt over the items of its previous attempt: the items that
   * completed there keep their outputs ({@code completedItems}) and are not called again; every
   * other item (the one that failed, those in flight or not started when it failed) is called
   * again, at most {@code concurrency} at once. A previous attempt that failed before it had items
   * (its {@code items} expression failed) evaluates them again.
   *
   * @param completedItems outputs by item index of the items the previous attempt completed
   */
  public List<Step> retryForEach(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      int attempt,
      Object previousInput,
      Map<Integer, Object> completedItems) {
    Node node = definition.node(nodeId);
    if (node == null || node.kind() != NodeKind.FOR_EACH || !node.enabled()) {
      throw new IllegalArgumentException("node '" + nodeId + "' is not an enabled for-each");
    }
    List<Step> steps = new ArrayList<>();
    retryForEach(
        definition, state, node, executionIds.get(), attempt, previousInput, completedItems, steps);
    finishIfIdle(definition, state, steps);
    return steps;
  }

  private void retryForEach(
      WorkflowDefinition definition,
      RunState state,
      Node node,
      String executionId,
      int attempt,
      Object previousInput,
      Map<Integer, Object> completedItems,
      List<Step> steps) {
    if (previousInput instanceof Map<?, ?> started
        && started.get("items") instanceof List<?> list) {
      List<Object> items = new ArrayList<>(list);
      runItems(definition, state, node, executionId, attempt, items, completedItems, steps);
    } else {
      startForEach(definition, state, node, executionId, attempt, previousInput, steps);
    }
  }

  /**
   * Whether the run only waits for the outside world: some node is open and every open node is a
   * timer, an approval gate, a manual task or a sub-workflow waiting for its child run. A running
   * function, a for-each with items in flight or a retry backoff (an action's next attempt) means
   * the run is working, not waiting. Computed from the state the transition holds, so the run's
   * status costs no query.
   */
  public static boolean onlyWaits(WorkflowDefinition definition, RunState state) {
    return !state.idle() && !state.anyRunning(nodeId -> !waitsOutside(definition.node(nodeId)));
  }

  private static boolean waitsOutside(Node node) {
    return node != null
        && switch (node.kind()) {
          case TIMER, APPROVAL_GATE, MANUAL_TASK, SUB_WORKFLOW -> true;
          default -> false;
        };
  }

  /** Whether {@link #retry} can run the node again: the kinds that can fail or wait. */
  public static boolean isRetryable(Node node) {
    return node != null
        && node.enabled()
        && switch (node.kind()) {
          case ACTION, CONDITION, SWITCH, APPROVAL_GATE, MANUAL_TASK, SUB_WORKFLOW, FOR_EACH ->
              true;
          default -> false;
        };
  }
}
