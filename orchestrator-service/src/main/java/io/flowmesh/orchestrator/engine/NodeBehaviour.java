package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import java.time.Duration;

/**
 * What a kind of node does when the run reaches it, fails it, times it out or retries it. Pure, and
 * stateless: it reads and records through the {@link Transition} it is handed.
 */
interface NodeBehaviour {

  /** The behaviour of a kind of node. */
  static NodeBehaviour of(NodeKind kind) {
    return switch (kind) {
      case TRIGGER -> TriggerBehaviour.INSTANCE;
      case END -> EndBehaviour.INSTANCE;
      case ACTION -> ActionBehaviour.INSTANCE;
      case CONDITION, SWITCH -> BranchBehaviour.INSTANCE;
      case PARALLEL -> ParallelBehaviour.INSTANCE;
      case JOIN -> JoinBehaviour.INSTANCE;
      case APPROVAL_GATE -> EventWaitBehaviour.APPROVAL_GATE;
      case WAIT_FOR_EVENT -> EventWaitBehaviour.WAIT_FOR_EVENT;
      case TIMER -> TimerBehaviour.INSTANCE;
      case MANUAL_TASK -> ManualTaskBehaviour.INSTANCE;
      case PUBLISH_EVENT -> PublishEventBehaviour.INSTANCE;
      case SUB_WORKFLOW -> SubWorkflowBehaviour.INSTANCE;
      case FOR_EACH -> ForEachBehaviour.INSTANCE;
    };
  }

  /**
   * An enabled node activates with its predecessor's output: it completes at once and its
   * successors activate, or it starts waiting, running, for the outside world.
   */
  void activate(Transition transition, Attempt attempt, Object input);

  /** Whether an arriving branch must not activate the node yet (a join waiting for the others). */
  default boolean waitsForOtherBranches(Transition transition, Node node) {
    return false;
  }

  /**
   * A running attempt failed: true if the kind's retry policy scheduled the next attempt (the steps
   * for it added), false if the node fails for good.
   */
  default boolean retriesAfter(Transition transition, Attempt attempt, ExecutionError error) {
    return false;
  }

  /** The attempt did not finish within its timeout: it fails with {@code TIMEOUT} (retryable). */
  default void timedOut(Transition transition, Attempt attempt) {
    Node node = attempt.node();
    Duration timeout = NodeSettings.timeout(node.config()).orElse(Duration.ZERO);
    transition.fail(
        attempt,
        new ExecutionError(
            "TIMEOUT",
            "node '" + node.id() + "' did not finish within its timeout of " + timeout,
            true));
  }

  /** Whether {@link #retry} can run an enabled node of the kind again. */
  default boolean retryable() {
    return false;
  }

  /**
   * Runs the node again as a new attempt (retry from the failed node, or a node that was running
   * when its run failed).
   *
   * @param previousInput the input of the node's previous attempt
   */
  default void retry(Transition transition, Attempt attempt, Object previousInput) {
    throw new IllegalArgumentException(
        "a " + attempt.node().kind().wireName() + " node is not retried");
  }

  /**
   * Whether an open node of the kind only waits for the outside world (a human, an event, a timer,
   * a child run), as opposed to a function or a backoff the platform itself works through.
   */
  default boolean waitsOutside() {
    return false;
  }
}
