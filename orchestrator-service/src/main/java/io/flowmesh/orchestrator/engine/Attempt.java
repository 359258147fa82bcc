package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Node;

/**
 * One attempt of a node: the execution the steps of a transition are about.
 *
 * @param number 1 for the first attempt, counting up with retries
 */
record Attempt(Node node, String executionId, int number) {

  static final int FIRST = 1;

  static Attempt first(Node node, String executionId) {
    return new Attempt(node, executionId, FIRST);
  }

  String nodeId() {
    return node.id();
  }

  Step.NodeStarted started(Object input) {
    return new Step.NodeStarted(node, executionId, number, input);
  }

  Step.NodeCompleted completed(Object output) {
    return new Step.NodeCompleted(node, executionId, number, output);
  }

  Step.NodeFailed failed(ExecutionError error) {
    return new Step.NodeFailed(node, executionId, number, error);
  }
}
