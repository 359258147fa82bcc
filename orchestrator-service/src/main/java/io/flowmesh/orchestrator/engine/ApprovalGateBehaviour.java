package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Edge;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An approval gate waits, running, until POST /runs/{id}/events delivers its event; the event's
 * data becomes its output. A {@code timeout} in its config sets a timer: then it follows its {@code
 * timeout} edges or, without any, fails.
 */
final class ApprovalGateBehaviour implements NodeBehaviour {

  static final ApprovalGateBehaviour INSTANCE = new ApprovalGateBehaviour();

  private ApprovalGateBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    Node node = attempt.node();
    transition.state().running(node.id());
    transition.add(attempt.started(input));
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
              "approval gate '"
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
  }

  @Override
  public boolean waitsOutside() {
    return true;
  }
}
