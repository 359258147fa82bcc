package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Edge;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An approval gate or a wait-for-event node waits, running, for an event named {@code
 * config.eventName}: delivered to the run by {@code POST /runs/{id}/events}, or an accepted event
 * whose {@code config.correlation} matches the run (ADR 0036), which is why each attempt records an
 * {@link Step.EventAwaited}. A {@code timeout} in its config sets a timer: then it follows its
 * {@code timeout} edges or, without any, fails. What it completes with is the deliverer's: the
 * event's data for a gate, the whole CloudEvent for a wait-for-event node.
 */
final class EventWaitBehaviour implements NodeBehaviour {

  static final EventWaitBehaviour APPROVAL_GATE = new EventWaitBehaviour("approval gate");
  static final EventWaitBehaviour WAIT_FOR_EVENT = new EventWaitBehaviour("wait-for-event node");

  private final String name;

  private EventWaitBehaviour(String name) {
    this.name = name;
  }

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    Node node = attempt.node();
    transition.state().running(node.id());
    transition.add(attempt.started(input));
    awaitEvent(transition, attempt);
    transition.startTimeout(attempt);
  }

  @Override
  public void timedOut(Transition transition, Attempt attempt) {
    Node node = attempt.node();
    Duration timeout = NodeSettings.timeout(node.config()).orElse(Duration.ZERO);
    transition.state().finished(node.id());
    List<Node> onTimeout = transition.definition().successors(node.id(), Edge.TIMEOUT);
    if (onTimeout.isEmpty()) {
      transition.failNode(
          attempt,
          new ExecutionError(
              "TIMEOUT",
              name
                  + " '"
                  + node.id()
                  + "' received no '"
                  + node.eventName()
                  + "' event within "
                  + timeout,
              false));
      return;
    }
    transition.complete(attempt, Map.of("timedOut", true), onTimeout);
  }

  @Override
  public boolean retryable() {
    return true;
  }

  /** Waits again, without a new timeout. */
  @Override
  public void retry(Transition transition, Attempt attempt, Object previousInput) {
    transition.state().running(attempt.nodeId());
    transition.add(attempt.started(previousInput));
    awaitEvent(transition, attempt);
  }

  @Override
  public boolean waitsOutside() {
    return true;
  }

  private static void awaitEvent(Transition transition, Attempt attempt) {
    Node node = attempt.node();
    transition.add(
        new Step.EventAwaited(
            node, attempt.executionId(), attempt.number(), node.eventName(), node.correlation()));
  }
}
