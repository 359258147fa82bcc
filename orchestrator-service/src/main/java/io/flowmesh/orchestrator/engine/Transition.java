package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Edge;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.Templates;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transition of a run: the definition and state it works on, the steps so far, and the graph
 * walking every kind of node shares (activating successors, failing a node, ending the run). The
 * {@link NodeBehaviour}s decide what a node of their kind does; this decides what happens around
 * it.
 */
final class Transition {

  private final WorkflowDefinition definition;
  private final RunState state;
  private final Sources sources;
  private final List<Step> steps = new ArrayList<>();

  /** Activations asked for while one is performed; null when none is in progress. */
  private List<Activation> collecting;

  /** A failed attempt's next attempt waits for its backoff: the run stays open, whatever else. */
  private boolean nextAttemptScheduled;

  Transition(WorkflowDefinition definition, RunState state, Sources sources) {
    this.definition = definition;
    this.state = state;
    this.sources = sources;
  }

  WorkflowDefinition definition() {
    return definition;
  }

  RunState state() {
    return state;
  }

  List<Step> steps() {
    return steps;
  }

  void add(Step step) {
    steps.add(step);
  }

  /** Sets the attempt's timeout timer, if its node has a timeout (actions and approval gates). */
  void startTimeout(Attempt attempt) {
    NodeSettings.timeout(attempt.node().config())
        .ifPresent(
            timeout ->
                add(
                    new Step.TimerSet(
                        attempt.node(),
                        attempt.executionId(),
                        attempt.number(),
                        TimerKind.TIMEOUT,
                        now().plus(timeout),
                        null)));
  }

  String newExecutionId() {
    return sources.executionIds().get();
  }

  Instant now() {
    return sources.clock().instant();
  }

  double random() {
    return sources.random().getAsDouble();
  }

  /**
   * Activates a node and, depth first, every node that activates in turn because one completed at
   * once (a disabled node, a parallel, a join, a branch, a publish-event). A chain of those is as
   * long as the definition, so this is a loop, not a recursion: activations asked for while one is
   * performed are collected, then performed in the order a recursion would have, before any
   * activation asked for earlier.
   */
  void activate(Node node, Object input) {
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
        collecting = asked;
        activateNow(next.node(), next.input());
        collecting = null;
        for (int i = asked.size() - 1; i >= 0; i--) {
          pending.push(asked.get(i));
        }
      }
    } finally {
      collecting = null;
    }
  }

  private void activateNow(Node node, Object input) {
    NodeBehaviour behaviour = NodeBehaviour.of(node.kind());
    if (state.failed() || behaviour.waitsForOtherBranches(this, node)) {
      return;
    }
    if (state.handlingFailure() && !definition.inFailureBranch(node.id())) {
      // the run is failing: only its failure handler's branch starts new nodes
      return;
    }
    if (!state.activate(node.id())) {
      return;
    }
    Attempt attempt = Attempt.first(node, newExecutionId());
    if (!node.enabled()) {
      // A disabled node is skipped: it passes its input through unchanged.
      completeAtOnce(attempt, input, input);
      return;
    }
    behaviour.activate(this, attempt, input);
  }

  /** The node starts and completes in one go, and its successors activate with its output. */
  void completeAtOnce(Attempt attempt, Object input, Object output) {
    state.completed(attempt.nodeId());
    steps.add(attempt.started(input));
    steps.add(attempt.completed(output));
    for (Node next : definition.successors(attempt.nodeId())) {
      activate(next, output);
    }
  }

  /** The node's attempt completes with its output, and {@code next} activate with it. */
  void complete(Attempt attempt, Object output, List<Node> next) {
    state.outputs().put(attempt.nodeId(), output);
    state.completed(attempt.nodeId());
    steps.add(attempt.completed(output));
    for (Node successor : next) {
      activate(successor, output);
    }
  }

  /**
   * A running node's attempt failed. Its kind's retry policy may schedule another attempt after a
   * backoff; else it fails for good.
   */
  void fail(Attempt attempt, ExecutionError error) {
    state.finished(attempt.nodeId());
    if (NodeBehaviour.of(attempt.node().kind()).retriesAfter(this, attempt, error)) {
      nextAttemptScheduled = true;
      return;
    }
    failNode(attempt, error);
  }

  /** The node could not start: a template of its config did not resolve. */
  void templateFailed(
      Attempt attempt, Object previousOutput, Templates.UnresolvedTemplateException e) {
    steps.add(attempt.started(previousOutput));
    failNode(attempt, new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false));
  }

  /**
   * A node failed for good. With {@code error} edges, its output becomes {@code {"error": {code,
   * message, retryable, nodeId}}} and the edges' targets start with it; else the run fails.
   */
  void failNode(Attempt attempt, ExecutionError error) {
    steps.add(attempt.failed(error));
    String nodeId = attempt.nodeId();
    List<Node> handlers = definition.successors(nodeId, Edge.ERROR);
    if (!handlers.isEmpty()) {
      Map<String, Object> output = Map.of("error", errorInfo(nodeId, error));
      state.outputs().put(nodeId, output);
      for (Node handler : handlers) {
        activate(handler, output);
      }
      return;
    }
    runFails(nodeId, error);
  }

  /**
   * The run fails, unless the definition names a failure handler that has not run yet: then the
   * handler starts with {@code {"error": {...}}} and the run fails when it is done.
   */
  private void runFails(String nodeId, ExecutionError error) {
    String handler = definition.failureHandler();
    if (handler != null && !state.handlingFailure()) {
      state.failing(nodeId, error);
      steps.add(new Step.FailureHandlerStarted(nodeId, error));
      activate(definition.node(handler), Map.of("error", errorInfo(nodeId, error)));
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

  /** Ends the run if nothing of it runs any more: it completes, or fails after its handler. */
  void finishIfIdle() {
    if (state.failed() || nextAttemptScheduled) {
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
  Map<String, Object> scope() {
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
    scope.put("run", runVariable());
    return scope;
  }

  /** What CEL expressions can refer to: trigger, the node's input, node outputs and run. */
  Map<String, Object> expressionVariables(Object input) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("trigger", state.outputs().get("trigger"));
    variables.put("input", input);
    variables.put("nodes", state.outputs());
    variables.put("run", runVariable());
    return variables;
  }

  /** {@code run}: id and workflow id, and while a failure handler runs, the run's error. */
  private Map<String, Object> runVariable() {
    if (!state.handlingFailure()) {
      return Map.of("id", state.runId().value(), "workflowId", state.workflowId().value());
    }
    return Map.of(
        "id",
        state.runId().value(),
        "workflowId",
        state.workflowId().value(),
        "error",
        errorInfo(state.failedNodeId(), state.failure()));
  }

  private static Map<String, Object> errorInfo(String nodeId, ExecutionError error) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("code", error.code());
    info.put("message", error.message());
    info.put("retryable", error.retryable());
    info.put("nodeId", nodeId);
    return info;
  }
}
