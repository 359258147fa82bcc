package io.flowmesh.model;

/**
 * CloudEvents {@code type} values. Every run-scoped type starts with {@code io.flowmesh.run.} so
 * that a webhook filter {@code io.flowmesh.run.*} sees a run's whole lifecycle.
 */
public final class EventTypes {

  /**
   * A run was accepted and its trigger recorded. Payload: {@link io.flowmesh.model.run.RunStarted}.
   */
  public static final String RUN_STARTED = "io.flowmesh.run.started.v1";

  /** A run reached an end node. Payload: {@link io.flowmesh.model.run.RunCompleted}. */
  public static final String RUN_COMPLETED = "io.flowmesh.run.completed.v1";

  /** A run failed. Payload: {@link io.flowmesh.model.run.RunFailed}. */
  public static final String RUN_FAILED = "io.flowmesh.run.failed.v1";

  /** A run was cancelled through the API. Payload: {@link io.flowmesh.model.run.RunCancelled}. */
  public static final String RUN_CANCELLED = "io.flowmesh.run.cancelled.v1";

  /** A node attempt started. Payload: {@link io.flowmesh.model.run.NodeStarted}. */
  public static final String NODE_STARTED = "io.flowmesh.run.node.started.v1";

  /** A node attempt completed. Payload: {@link io.flowmesh.model.run.NodeCompleted}. */
  public static final String NODE_COMPLETED = "io.flowmesh.run.node.completed.v1";

  /** A node attempt failed. Payload: {@link io.flowmesh.model.run.NodeFailed}. */
  public static final String NODE_FAILED = "io.flowmesh.run.node.failed.v1";

  /**
   * A function execution is requested. Payload: {@link
   * io.flowmesh.model.function.FunctionRequested}.
   */
  public static final String FUNCTION_REQUESTED = "io.flowmesh.function.requested.v1";

  /**
   * A function execution succeeded. Payload: {@link io.flowmesh.model.function.FunctionSucceeded}.
   */
  public static final String FUNCTION_SUCCEEDED = "io.flowmesh.function.succeeded.v1";

  /** A function execution failed. Payload: {@link io.flowmesh.model.function.FunctionFailed}. */
  public static final String FUNCTION_FAILED = "io.flowmesh.function.failed.v1";

  /**
   * A connection's health changed between healthy and unhealthy. Payload: {@link
   * io.flowmesh.model.integration.ConnectionHealthChanged}.
   */
  public static final String CONNECTION_HEALTH_CHANGED =
      "io.flowmesh.integration.connection.health-changed.v1";

  /**
   * A webhook delivery was dead-lettered: its retries were exhausted, or its event could never be
   * sent (e.g. larger than the payload limit). Payload: {@link
   * io.flowmesh.model.webhook.WebhookDeliveryDeadLettered}.
   */
  public static final String WEBHOOK_DELIVERY_DEAD_LETTERED =
      "io.flowmesh.webhook.delivery.dead-lettered.v1";

  /**
   * A webhook subscription was disabled by the platform (410 Gone, or failing for too long).
   * Payload: {@link io.flowmesh.model.webhook.WebhookSubscriptionDisabled}.
   */
  public static final String WEBHOOK_SUBSCRIPTION_DISABLED =
      "io.flowmesh.webhook.subscription.disabled.v1";

  /**
   * A test event sent on request to a webhook endpoint (test-send), never queued. Data: {@code
   * {"subscriptionId": ..., "message": ...}}.
   */
  public static final String WEBHOOK_TEST = "io.flowmesh.webhook.test.v1";

  /**
   * A run was paused: no new node starts until it is resumed. Payload: {@link
   * io.flowmesh.model.run.RunPaused}.
   */
  public static final String RUN_PAUSED = "io.flowmesh.run.paused.v1";

  /**
   * A paused run was resumed; the nodes that waited start now. Payload: {@link
   * io.flowmesh.model.run.RunResumed}.
   */
  public static final String RUN_RESUMED = "io.flowmesh.run.resumed.v1";

  /**
   * A failed run runs its failed node again as a new attempt and is running again. Payload: {@link
   * io.flowmesh.model.run.RunRetried}.
   */
  public static final String RUN_RETRIED = "io.flowmesh.run.retried.v1";

  /**
   * A node would have started but waits, e.g. because its run is paused. Payload: {@link
   * io.flowmesh.model.run.NodeWaiting}.
   */
  public static final String NODE_WAITING = "io.flowmesh.run.node.waiting.v1";

  /**
   * A run has nothing to do until the outside world acts: every open node is a timer, an approval
   * gate, a manual task or a sub-workflow's child run. Sent when the run becomes WAITING; the next
   * {@code node.started} or {@code node.completed} shows it going on. Payload: {@link
   * io.flowmesh.model.run.RunWaiting}.
   */
  public static final String RUN_WAITING = "io.flowmesh.run.waiting.v1";

  /** A trigger asks the orchestrator to start a run (on {@link Topics#RUN_START_REQUESTS}). */
  public static final String RUN_START_REQUESTED = "io.flowmesh.run.start-requested.v1";

  /**
   * The orchestrator could not start a requested run (the workflow does not exist, the input is
   * refused); on {@link Topics#RUN_EVENTS}, keyed by the run id the request named.
   */
  public static final String RUN_START_REFUSED = "io.flowmesh.run.start-refused.v1";

  /**
   * A workflow version was saved, with how its trigger node says it starts; on {@link
   * Topics#WORKFLOW_EVENTS}. Payload: {@link io.flowmesh.model.workflow.WorkflowSaved}.
   */
  public static final String WORKFLOW_SAVED = "io.flowmesh.workflow.saved.v1";

  /**
   * A workflow was deleted; on {@link Topics#WORKFLOW_EVENTS}. Payload: {@link
   * io.flowmesh.model.workflow.WorkflowDeleted}.
   */
  public static final String WORKFLOW_DELETED = "io.flowmesh.workflow.deleted.v1";

  /**
   * event-service stored an event for the first time (on {@link Topics#ACCEPTED_EVENTS}). Payload:
   * {@link io.flowmesh.model.event.EventAccepted}.
   */
  public static final String EVENT_ACCEPTED = "io.flowmesh.event.accepted.v1";

  /**
   * An accepted event resumed a waiting node of the run (event correlation). Payload: {@link
   * io.flowmesh.model.run.RunEventCorrelated}.
   */
  public static final String RUN_EVENT_CORRELATED = "io.flowmesh.run.event-correlated.v1";

  private EventTypes() {}
}
