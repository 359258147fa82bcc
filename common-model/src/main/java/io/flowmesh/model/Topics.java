package io.flowmesh.model;

/**
 * Kafka topic names. The version suffix changes only with an incompatible payload change; the
 * record key is always the ordering key.
 */
public final class Topics {

  /** Run and node lifecycle events, keyed by the run's ordering key. */
  public static final String RUN_EVENTS = "flowmesh.run-events.v1";

  /** Function execution requests from the orchestrator, keyed by run id. */
  public static final String FUNCTION_REQUESTS = "flowmesh.function-requests.v1";

  /** Function execution results from the function runner, keyed by run id. */
  public static final String FUNCTION_RESULTS = "flowmesh.function-results.v1";

  /**
   * Integration events (e.g. a connection's health changed), keyed by connection id. Payloads never
   * carry credentials.
   */
  public static final String INTEGRATION_EVENTS = "flowmesh.integration-events.v1";

  /**
   * Events for operators about the platform itself (e.g. webhook dead letters, disabled
   * subscriptions), keyed by the resource they concern.
   */
  public static final String PLATFORM_EVENTS = "flowmesh.platform-events.v1";

  /**
   * Events of the tenants' own types (e.g. {@code com.acme.order.shipped}) that workflows publish
   * with publish-event nodes, keyed by the event's subject, or by the run id when it has none.
   */
  public static final String EVENTS = "flowmesh.events.v1";

  /**
   * Requests to start a run, from event-service's triggers to the orchestrator, keyed by workflow
   * id. Each names the run id and an idempotency key, so a redelivered request starts nothing new.
   */
  public static final String RUN_START_REQUESTS = "flowmesh.run-start-requests.v1";

  /**
   * Events about workflows themselves (a version saved, a workflow deleted), from the orchestrator,
   * keyed by workflow id, so that one workflow's versions arrive in order.
   */
  public static final String WORKFLOW_EVENTS = "flowmesh.workflow-events.v1";

  /**
   * Every event event-service stored for the first time, once each, keyed by tenant: what the
   * orchestrator correlates with waiting runs (ADR 0036). Payload: {@link
   * io.flowmesh.model.event.EventAccepted}.
   */
  public static final String ACCEPTED_EVENTS = "flowmesh.accepted-events.v1";

  private Topics() {}
}
