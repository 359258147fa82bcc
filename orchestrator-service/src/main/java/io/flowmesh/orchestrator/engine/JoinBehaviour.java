package io.flowmesh.orchestrator.engine;

import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A join in mode {@code all} starts only when every predecessor has completed; until then an
 * arriving branch only records its own completion. A join in mode {@code any}, and a disabled join,
 * starts with the first branch that arrives; later ones find it activated.
 */
final class JoinBehaviour implements NodeBehaviour {

  static final JoinBehaviour INSTANCE = new JoinBehaviour();

  private JoinBehaviour() {}

  @Override
  public boolean waitsForOtherBranches(Transition transition, Node node) {
    if (!node.enabled() || !"all".equals(node.joinMode())) {
      return false;
    }
    return !transition.definition().predecessors(node.id()).stream()
        .allMatch(transition.state()::hasCompleted);
  }

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    Object output = output(transition, attempt.node(), input);
    transition.state().outputs().put(attempt.nodeId(), output);
    transition.completeAtOnce(attempt, input, output);
  }

  /** All: the predecessors' outputs by node id, in edge order. Any: the first arrival's output. */
  private static Object output(Transition transition, Node node, Object input) {
    if (!"all".equals(node.joinMode())) {
      return input;
    }
    WorkflowDefinition definition = transition.definition();
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (String predecessor : definition.predecessors(node.id())) {
      Node source = definition.node(predecessor);
      outputs.put(
          predecessor,
          transition
              .state()
              .outputs()
              .get(source.kind() == NodeKind.TRIGGER ? "trigger" : predecessor));
    }
    return outputs;
  }
}
