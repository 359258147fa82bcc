package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.Templates;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A timer node waits, running, for its timer; it completes with its input when the timer fires. An
 * {@code until} that does not resolve to a timestamp fails the node.
 */
final class TimerBehaviour implements NodeBehaviour {

  static final TimerBehaviour INSTANCE = new TimerBehaviour();

  private TimerBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    Node node = attempt.node();
    transition.add(attempt.started(input));
    Instant due;
    Optional<Duration> duration = NodeSettings.timerDuration(node.config());
    if (duration.isPresent()) {
      due = transition.now().plus(duration.get());
    } else {
      try {
        Object until =
            Templates.resolve(
                NodeSettings.timerUntil(node.config()), "config.until", transition.scope());
        due = NodeSettings.timestamp(until);
      } catch (Templates.UnresolvedTemplateException e) {
        transition.failNode(
            attempt, new ExecutionError("TEMPLATE_UNRESOLVED", e.getMessage(), false));
        return;
      } catch (IllegalArgumentException e) {
        transition.failNode(
            attempt,
            new ExecutionError(
                "INVALID_TIMESTAMP",
                "timer node '" + node.id() + "': config.until: " + e.getMessage(),
                false));
        return;
      }
    }
    transition.state().running(node.id());
    transition.add(
        new Step.TimerSet(
            node, attempt.executionId(), attempt.number(), TimerKind.TIMER, due, input));
  }

  @Override
  public boolean waitsOutside() {
    return true;
  }
}
