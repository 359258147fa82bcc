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

  /**
   * An approval gate or wait-for-event attempt waits for an event of its name: recorded as an open
   * wait in the transition's transaction, so accepted events can be correlated with it.
   *
   * @param correlation the node's CEL correlation expression; null when any event of the name
   *     matches
   */
  record EventAwaited(
      Node node, String executionId, int attempt, String eventName, String correlation)
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

  /**
   * A manual-task node opened a task for a human; the node waits until the task is completed.
   *
   * @param assignee who should do it, templates resolved; null for anyone
   * @param details the task's resolved {@code title}, {@code description} and {@code input}
   */
  record TaskOpened(Node node, String executionId, String assignee, Map<String, Object> details)
      implements Step {}

  /**
   * A publish-event node publishes a CloudEvent of the tenant's own type, in the transition's
   * transaction.
   *
   * @param subject the event's subject; null if the node gives none
   */
  record EventPublished(Node node, String executionId, String type, String subject, Object data)
      implements Step {}

  /**
   * A sub-workflow node starts a child run of a saved workflow, in the transition's transaction,
   * and waits for it.
   *
   * @param version the child's definition version; null for the latest
   */
  record ChildRunRequested(
      Node node, String executionId, String workflowId, Integer version, Object input)
      implements Step {}

  /**
   * A for-each node calls its function for one item.
   *
   * @param nodeExecutionId the for-each node's execution, which waits for every item
   * @param index the item's position in the list
   * @param executionId this item's function execution
   */
  record ItemCalled(
      Node node,
      String nodeExecutionId,
      int index,
      String executionId,
      String function,
      Object input)
      implements Step {}
}
