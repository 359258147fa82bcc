package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.Templates;
import io.flowmesh.orchestrator.definition.reliability.RetryPolicy;
import java.time.Instant;

/**
 * An action calls its function with its resolved input and waits, running, for the result; a {@code
 * timeout} in its config sets a timer that fails it. A failed attempt is retried by its {@code
 * retry} policy after a backoff.
 */
final class ActionBehaviour implements NodeBehaviour {

  static final ActionBehaviour INSTANCE = new ActionBehaviour();

  private ActionBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    call(transition, attempt, input);
  }

  /**
   * Resolves the input from the run's outputs and calls the function: a first attempt, or a
   * scheduled attempt whose backoff is over.
   *
   * @param previousOutput what the started step shows when the input does not resolve
   */
  void call(Transition transition, Attempt attempt, Object previousOutput) {
    Node node = attempt.node();
    Object input;
    try {
      input = Templates.resolve(node.inputTemplate(), "config", transition.scope());
    } catch (Templates.UnresolvedTemplateException e) {
      transition.state().finished(node.id());
      transition.templateFailed(attempt, previousOutput, e);
      return;
    }
    transition.state().running(node.id());
    transition.add(attempt.started(input));
    transition.add(
        new Step.FunctionCalled(
            node, attempt.executionId(), attempt.number(), node.function(), input));
    transition.startTimeout(attempt);
  }

  @Override
  public boolean retriesAfter(Transition transition, Attempt attempt, ExecutionError error) {
    Node node = attempt.node();
    RetryPolicy policy = RetryPolicy.of(node.config());
    if (policy == null || !policy.retries(error, attempt.number())) {
      return false;
    }
    transition.add(attempt.failed(error));
    Instant due = transition.now().plus(policy.delayAfter(attempt.number(), transition.random()));
    String next = transition.newExecutionId();
    // the node keeps the run open while its next attempt waits
    transition.state().running(node.id());
    transition.add(new Step.AttemptScheduled(node, next, attempt.number() + 1, due));
    transition.add(new Step.TimerSet(node, next, attempt.number() + 1, TimerKind.RETRY, due, null));
    return true;
  }

  @Override
  public boolean retryable() {
    return true;
  }

  /** Resolves the input again from the run's outputs and calls the function. */
  @Override
  public void retry(Transition transition, Attempt attempt, Object previousInput) {
    Node node = attempt.node();
    Object input;
    try {
      input = Templates.resolve(node.inputTemplate(), "config", transition.scope());
    } catch (Templates.UnresolvedTemplateException e) {
      transition.templateFailed(attempt, previousInput, e);
      return;
    }
    transition.state().running(node.id());
    transition.add(attempt.started(input));
    transition.add(
        new Step.FunctionCalled(
            node, attempt.executionId(), attempt.number(), node.function(), input));
  }
}
