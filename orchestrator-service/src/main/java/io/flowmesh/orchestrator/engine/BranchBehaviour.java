package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Expressions;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.SwitchCase;
import java.util.Map;

/**
 * A condition or switch evaluates its CEL expression and follows the chosen branch only. Its output
 * is its input, so data flows through a branch as through a disabled node; the branch taken is
 * visible in the history as the started node's input and the successor that ran.
 */
final class BranchBehaviour implements NodeBehaviour {

  static final BranchBehaviour INSTANCE = new BranchBehaviour();

  private BranchBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    branch(transition, attempt, input);
  }

  @Override
  public boolean retryable() {
    return true;
  }

  /** Evaluates again on the previous input and follows the branch chosen now. */
  @Override
  public void retry(Transition transition, Attempt attempt, Object previousInput) {
    branch(transition, attempt, previousInput);
  }

  private static void branch(Transition transition, Attempt attempt, Object input) {
    Node node = attempt.node();
    transition.add(attempt.started(input));
    String branch;
    try {
      branch = chooseBranch(node, transition.expressionVariables(input));
    } catch (Expressions.ExpressionFailedException e) {
      ExecutionError error =
          new ExecutionError(
              "EXPRESSION_FAILED",
              node.kind().wireName() + " node '" + node.id() + "': " + e.getMessage(),
              false);
      transition.failNode(attempt, error);
      return;
    }
    transition.complete(attempt, input, transition.definition().successors(node.id(), branch));
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
}
