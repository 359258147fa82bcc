package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.foreach.ForEachProgress;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Each call is one {@link Transition}, which walks the graph; what a node does depends on its
 * kind's {@link NodeBehaviour}.
 */
public final class Interpreter {

  /**
   * The key of a for-each attempt's input under which a retried attempt keeps the outputs of items
   * an earlier attempt completed, by item index.
   */
  public static final String CARRIED_OVER = "carriedOver";

  private final Sources sources;

  public Interpreter(Supplier<String> executionIds) {
    this(executionIds, InstantSource.system(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param clock when timers are due is computed from it
   * @param random uniform in [0, 1): the draw for retry jitter
   */
  public Interpreter(Supplier<String> executionIds, InstantSource clock, DoubleSupplier random) {
    this.sources = new Sources(executionIds, clock, random);
  }

  /** Starts a run: the trigger completes with the trigger data and its successors activate. */
  public List<Step> start(WorkflowDefinition definition, RunState state, Object triggerData) {
    Transition transition = new Transition(definition, state, sources);
    transition.activate(definition.trigger(), triggerData);
    transition.finishIfIdle();
    return transition.steps();
  }

  /** A running node produced its output. */
  public List<Step> complete(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String executionId,
      int attempt,
      Object output) {
    Transition transition = new Transition(definition, state, sources);
    state.finished(nodeId);
    transition.complete(
        new Attempt(definition.node(nodeId), executionId, attempt),
        output,
        definition.successors(nodeId));
    transition.finishIfIdle();
    return transition.steps();
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
        definition, state, nodeId, nodeExecutionId, Attempt.FIRST, items, progress, index, output);
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
    Transition transition = new Transition(definition, state, sources);
    ForEachBehaviour.INSTANCE.callItems(
        transition,
        new Attempt(definition.node(nodeId), nodeExecutionId, attempt),
        items,
        progress);
    return transition.steps();
  }

  /** An item of a running for-each failed: the node fails, naming the item. */
  public List<Step> itemFailed(
      WorkflowDefinition definition,
      RunState state,
      String nodeId,
      String nodeExecutionId,
      int index,
      ExecutionError error) {
    return itemFailed(definition, state, nodeId, nodeExecutionId, Attempt.FIRST, index, error);
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
    Transition transition = new Transition(definition, state, sources);
    transition.fail(new Attempt(definition.node(nodeId), executionId, attempt), error);
    transition.finishIfIdle();
    return transition.steps();
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
    Attempt due = new Attempt(node, executionId, attempt);
    Transition transition = new Transition(definition, state, sources);
    switch (kind) {
      case TIMER -> {
        return complete(definition, state, nodeId, executionId, attempt, payload);
      }
      case RETRY -> {
        if (state.handlingFailure() && !definition.inFailureBranch(nodeId)) {
          // the run is failing: the failed flow starts no new attempt
          state.finished(nodeId);
        } else {
          // only an action's retry policy schedules attempts
          ActionBehaviour.INSTANCE.call(transition, due, null);
        }
      }
      case TIMEOUT -> NodeBehaviour.of(node.kind()).timedOut(transition, due);
      case CHILD_ENDED ->
          throw new IllegalArgumentException(
              "a child run's end is applied through the sub-workflow node, not as a timer step");
      case EVENT_CORRELATED ->
          throw new IllegalArgumentException(
              "a correlated event is delivered to its waiting node, not as a timer step");
    }
    transition.finishIfIdle();
    return transition.steps();
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
    Transition transition = new Transition(definition, state, sources);
    Attempt next = new Attempt(node, transition.newExecutionId(), attempt);
    NodeBehaviour.of(node.kind()).retry(transition, next, previousInput);
    transition.finishIfIdle();
    return transition.steps();
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
    Transition transition = new Transition(definition, state, sources);
    Attempt next = new Attempt(node, transition.newExecutionId(), attempt);
    ForEachBehaviour.INSTANCE.retry(transition, next, previousInput, completedItems);
    transition.finishIfIdle();
    return transition.steps();
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
    return node != null && NodeBehaviour.of(node.kind()).waitsOutside();
  }

  /** Whether {@link #retry} can run the node again: the kinds that can fail or wait. */
  public static boolean isRetryable(Node node) {
    return node != null && node.enabled() && NodeBehaviour.of(node.kind()).retryable();
  }
}
