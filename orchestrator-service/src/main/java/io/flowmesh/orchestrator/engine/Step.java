package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Node;
import java.time.Instant;
import java.util.Map;

/**
 * One consequence of a run transition, in the order it happened. The run service persists each step
 * and publishes its event through the outbox in the same transaction.
 */
public sealed interface Step {

  /** A node attempt began. */
  record NodeStarted(Node node, String executionId, int attempt, Object input) implements Step {}

  /** A node attempt produced its output. */
  record NodeCompleted(Node node, String executionId, int attempt, Object output) implements Step {}

  /** A node attempt failed. */
  record NodeFailed(Node node, String executionId, int attempt, ExecutionError error)
      implements Step {}

  /** An action node asks the function runner for an execution. */
  record FunctionCalled(Node node, String executionId, int attempt, String function, Object input)
      implements Step {}

  /**
   * A durable timer for a node attempt, written in the transition's transaction; {@code payload} is
   * what the node needs back when it fires (a timer node's input).
   */
  record TimerSet(
      Node node, String executionId, int attempt, TimerKind kind, Instant dueAt, Object payload)
      implements Step {}

  /** A failed attempt is retried: the next attempt waits, scheduled, for its backoff timer. */
  record AttemptScheduled(Node node, String executionId, int attempt, Instant dueAt)
      implements Step {}

  /**
   * The run would fail, and its definition names a failure handler: the handler runs first, and the
   * run fails with this error when it is done.
   */
  record FailureHandlerStarted(String nodeId, ExecutionError error) implements Step {}

  /** The run finished: no node is running and none failed. */
  record RunCompleted(Map<String, Object> outputs) implements Step {}

  /** The run failed because a node failed. */
  record RunFailed(String nodeId, ExecutionError error) implements Step {}
}
