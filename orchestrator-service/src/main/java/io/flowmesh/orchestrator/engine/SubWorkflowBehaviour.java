package io.flowmesh.orchestrator.engine;

import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.Templates;
import java.util.Map;

/**
 * A sub-workflow node asks for a child run with the resolved {@code config.input} (the previous
 * node's output when the node gives none) and waits, running, until the child finishes.
 */
final class SubWorkflowBehaviour implements NodeBehaviour {

  static final SubWorkflowBehaviour INSTANCE = new SubWorkflowBehaviour();

  private SubWorkflowBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    startChildRun(transition, attempt, input);
  }

  @Override
  public boolean retryable() {
    return true;
  }

  /**
   * A new child run with the input resolved again; the previous attempt's input stands in for the
   * predecessor's output a node without {@code config.input} passes on.
   */
  @Override
  public void retry(Transition transition, Attempt attempt, Object previousInput) {
    startChildRun(transition, attempt, previousInput);
  }

  @Override
  public boolean waitsOutside() {
    return true;
  }

  private static void startChildRun(Transition transition, Attempt attempt, Object previousOutput) {
    Node node = attempt.node();
    Object input;
    try {
      input =
          node.config().containsKey("input")
              ? Templates.resolve(node.config().get("input"), "config.input", transition.scope())
              : previousOutput;
    } catch (Templates.UnresolvedTemplateException e) {
      transition.templateFailed(attempt, previousOutput, e);
      return;
    }
    transition.state().running(node.id());
    transition.add(attempt.started(input));
    Object version = node.config().get("version");
    transition.add(
        new Step.ChildRunRequested(
            node,
            attempt.executionId(),
            (String) node.config().get("workflowId"),
            version instanceof Number n ? n.intValue() : null,
            input == null ? Map.of() : input));
  }
}
