package io.flowmesh.orchestrator.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.event.EventAccepted;
import io.flowmesh.model.run.RunEventCorrelated;
import io.flowmesh.orchestrator.run.RunApiClient;
import io.flowmesh.testinfra.TopicReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Accepted events resume the runs waiting for them, over real HTTP, PostgreSQL and Kafka: the test
 * plays event-service, publishing on the accepted-events topic. Only a run whose correlation
 * matches is resumed, never another tenant's; an event that arrived shortly before the wait
 * resolves it, one older than the window does not; a redelivered event resumes nothing twice;
 * events and waits that race never miss each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventCorrelationIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "correlation", REGISTRY);
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  private static final String PAID = "com.acme.order.paid";

  /** Waits for the order's payment, then ends. */
  private static final String ORDER =
      """
      {"id":"order","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"paid","type":"wait-for-event","config":{"eventName":"com.acme.order.paid",
          "correlation":"event.data.orderId == run.input.orderId"}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"paid"},{"source":"paid","target":"done"}]}
      """;

  /** Waits twice in a row for the same event name. */
  private static final String TWICE =
      """
      {"id":"twice","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"first","type":"wait-for-event","config":{"eventName":"com.acme.order.paid",
          "correlation":"event.data.orderId == run.input.orderId"}},
        {"id":"second","type":"wait-for-event","config":{"eventName":"com.acme.order.paid",
          "correlation":"event.data.orderId == run.input.orderId"}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"first"},{"source":"first","target":"second"},
                {"source":"second","target":"done"}]}
      """;

  /** An approval gate correlated by the run's business key and the event's subject. */
  private static final String GATED =
      """
      {"id":"gated","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"gate","type":"approval-gate","config":{"eventName":"com.acme.order.approved",
          "correlation":"event.subject == run.businessKey"}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"gate"},{"source":"gate","target":"done"}]}
      """;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  private RunApiClient api;

  @BeforeEach
  void client() {
    api = new RunApiClient(port);
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void anEventResumesOnlyTheRunWhoseCorrelationMatches() {
    String tenant = tenant();
    save(tenant, ORDER);
    String one = startWaiting(tenant, "order", "{\"orderId\":\"o-1\"}");
    String two = startWaiting(tenant, "order", "{\"orderId\":\"o-2\"}");

    String stored = publish(tenant, PAID, "order-o-1", Map.of("orderId", "o-1", "total", 250));

    api.awaitStatus(tenant, one, "COMPLETED");
    // both waits were matched in the one transaction that buffered the event
    assertThat(correlatedRuns(tenant, stored)).containsExactly(one);
    assertThat(api.status(tenant, two)).isEqualTo("WAITING");

    JsonNode paid = api.run(tenant, one).get("outputs").get("paid");
    assertThat(paid.get("type").asString()).isEqualTo(PAID);
    assertThat(paid.get("subject").asString()).isEqualTo("order-o-1");
    assertThat(paid.get("data").get("orderId").asString()).isEqualTo("o-1");
    RunEventCorrelated correlated = correlatedEvent(one);
    assertThat(correlated.nodeId()).isEqualTo("paid");
    assertThat(correlated.eventStoredId()).isEqualTo(stored);
    assertThat(correlated.eventType()).isEqualTo(PAID);
    assertThat(waits(tenant, one)).isZero();

    publish(tenant, PAID, null, Map.of("orderId", "o-2"));
    api.awaitStatus(tenant, two, "COMPLETED");
  }

  @Test
  void anApprovalGateIsResumedByItsBusinessKeyWithTheEventsData() {
    String tenant = tenant();
    save(tenant, GATED);
    String runId =
        startWaiting(tenant, "{\"workflowId\":\"gated\",\"businessKey\":\"b-7\",\"input\":{}}");

    publish(tenant, "com.acme.order.approved", "b-7", Map.of("by", "ann"));

    api.awaitStatus(tenant, runId, "COMPLETED");
    assertThat(api.run(tenant, runId).get("outputs").get("gate").get("by").asString())
        .isEqualTo("ann");
  }

  @Test
  void anotherTenantsEventNeverResumesARun() {
    String tenant = tenant();
    String other = tenant();
    save(tenant, ORDER);
    String runId = startWaiting(tenant, "order", "{\"orderId\":\"o-9\"}");

    String foreign = publish(other, PAID, null, Map.of("orderId", "o-9"));
    await().atMost(Duration.ofSeconds(60)).until(() -> buffered(other, foreign));

    assertThat(correlatedRuns(other, foreign)).isEmpty();
    assertThat(correlatedRuns(tenant, foreign)).isEmpty();
    assertThat(api.status(tenant, runId)).isEqualTo("WAITING");

    publish(tenant, PAID, null, Map.of("orderId", "o-9"));
    api.awaitStatus(tenant, runId, "COMPLETED");
  }

  @Test
  void anEventThatArrivedShortlyBeforeTheRunWaitsResolvesItAtOnce() {
    String tenant = tenant();
    save(tenant, ORDER);
    String early = publish(tenant, PAID, null, Map.of("orderId", "o-5"));
    await().atMost(Duration.ofSeconds(60)).until(() -> buffered(tenant, early));

    String runId = api.start(tenant, start("order", "{\"orderId\":\"o-5\"}"));

    api.awaitStatus(tenant, runId, "COMPLETED");
    assertThat(correlatedRuns(tenant, early)).containsExactly(runId);
  }

  @Test
  void anEventOlderThanTheWindowDoesNotResolveAWaitRecordedAfterIt() {
    String tenant = tenant();
    save(tenant, ORDER);
    String old = publish(tenant, PAID, null, Map.of("orderId", "o-6"));
    await().atMost(Duration.ofSeconds(60)).until(() -> buffered(tenant, old));
    // received an hour ago: outside the default window of five minutes
    jdbc.sql(
            "UPDATE correlation_events SET received_at = now() - interval '1 hour'"
                + " WHERE tenant = :tenant AND stored_id = :id")
        .param("tenant", tenant)
        .param("id", old)
        .update();

    String runId = startWaiting(tenant, "order", "{\"orderId\":\"o-6\"}");
    await().atMost(Duration.ofSeconds(60)).until(() -> checkedWaits(tenant, runId) == 1);

    assertThat(correlatedRuns(tenant, old)).isEmpty();
    assertThat(api.status(tenant, runId)).isEqualTo("WAITING");
  }

  @Test
  void aRedeliveredEventResumesNothingTwiceAndALaterWaitOfTheRunWaitsForANewEvent() {
    String tenant = tenant();
    save(tenant, TWICE);
    String runId = startWaiting(tenant, "twice", "{\"orderId\":\"o-3\"}");

    String stored = newStoredId();
    EventAccepted paid = accepted(tenant, stored, PAID, null, Map.of("orderId", "o-3"));
    api.publish(Topics.ACCEPTED_EVENTS, tenant, EventTypes.EVENT_ACCEPTED, tenant, paid);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "RUNNING".equals(nodeStatus(runId, "second")));

    // Kafka delivers it again; a later event of the tenant's partition shows it was consumed
    api.publish(Topics.ACCEPTED_EVENTS, tenant, EventTypes.EVENT_ACCEPTED, tenant, paid);
    String marker = publish(tenant, "com.acme.marker", null, Map.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> buffered(tenant, marker));
    await().atMost(Duration.ofSeconds(60)).until(() -> checkedWaits(tenant, runId) == 1);

    assertThat(correlatedRuns(tenant, stored)).containsExactly(runId);
    assertThat(nodeStatus(runId, "second")).isEqualTo("RUNNING");
    assertThat(api.status(tenant, runId)).isEqualTo("WAITING");

    String next = publish(tenant, PAID, null, Map.of("orderId", "o-3"));
    api.awaitStatus(tenant, runId, "COMPLETED");
    assertThat(correlatedRuns(tenant, next)).containsExactly(runId);
    assertThat(api.run(tenant, runId).get("outputs").get("second").get("id").asString())
        .isEqualTo("id-" + next);
  }

  @Test
  void eventsAndWaitsThatRaceNeverMissEachOther() {
    String tenant = tenant();
    save(tenant, ORDER);
    List<String> runIds = new ArrayList<>();
    // each run's payment is sent just before or just after its start, with nothing awaited in
    // between: whichever of event and wait commits second must find the other
    for (int i = 0; i < 20; i++) {
      String input = "{\"orderId\":\"race-" + i + "\"}";
      if (i % 2 == 0) {
        publish(tenant, PAID, null, Map.of("orderId", "race-" + i));
        runIds.add(api.start(tenant, start("order", input)));
      } else {
        runIds.add(api.start(tenant, start("order", input)));
        publish(tenant, PAID, null, Map.of("orderId", "race-" + i));
      }
    }

    for (String runId : runIds) {
      api.awaitStatus(tenant, runId, "COMPLETED");
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM correlated_events WHERE tenant = :tenant")
                .param("tenant", tenant)
                .query(Long.class)
                .single())
        .isEqualTo(20);
  }

  // ------------------------------------------------------------------ helpers

  private static String tenant() {
    return "corr-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String newStoredId() {
    return "evt_" + UUID.randomUUID();
  }

  private static String start(String workflowId, String input) {
    return "{\"workflowId\":\"" + workflowId + "\",\"input\":" + input + "}";
  }

  private String startWaiting(String tenant, String workflowId, String input) {
    return startWaiting(tenant, start(workflowId, input));
  }

  /** Starts a run and waits until its wait is recorded and checked against the buffer. */
  private String startWaiting(String tenant, String body) {
    String runId = api.start(tenant, body);
    assertThat(api.status(tenant, runId)).isEqualTo("WAITING");
    await().atMost(Duration.ofSeconds(60)).until(() -> checkedWaits(tenant, runId) == 1);
    return runId;
  }

  /** Publishes an event as event-service does once it stored it; returns its stored id. */
  private String publish(String tenant, String type, String subject, Object data) {
    String stored = newStoredId();
    api.publish(
        Topics.ACCEPTED_EVENTS,
        tenant,
        EventTypes.EVENT_ACCEPTED,
        tenant,
        accepted(tenant, stored, type, subject, data));
    return stored;
  }

  private static EventAccepted accepted(
      String tenant, String stored, String type, String subject, Object data) {
    return new EventAccepted(
        stored, tenant, "id-" + stored, "/shop", type, subject, Instant.now(), data);
  }

  private boolean buffered(String tenant, String stored) {
    return jdbc.sql(
                "SELECT count(*) FROM correlation_events WHERE tenant = :tenant"
                    + " AND stored_id = :id")
            .param("tenant", tenant)
            .param("id", stored)
            .query(Long.class)
            .single()
        == 1;
  }

  private List<String> correlatedRuns(String tenant, String stored) {
    return jdbc.sql(
            "SELECT run_id FROM correlated_events WHERE tenant = :tenant AND stored_id = :id")
        .param("tenant", tenant)
        .param("id", stored)
        .query(String.class)
        .list();
  }

  private long waits(String tenant, String runId) {
    return jdbc.sql("SELECT count(*) FROM event_waits WHERE tenant = :tenant AND run_id = :runId")
        .param("tenant", tenant)
        .param("runId", runId)
        .query(Long.class)
        .single();
  }

  /** The run's open waits that were checked against the buffered events. */
  private long checkedWaits(String tenant, String runId) {
    return jdbc.sql(
            "SELECT count(*) FROM event_waits WHERE tenant = :tenant AND run_id = :runId"
                + " AND checked AND resolved_by IS NULL")
        .param("tenant", tenant)
        .param("runId", runId)
        .query(Long.class)
        .single();
  }

  private String nodeStatus(String runId, String nodeId) {
    return jdbc.sql(
            "SELECT status FROM node_executions WHERE run_id = :runId AND node_id = :nodeId"
                + " ORDER BY attempt DESC LIMIT 1")
        .param("runId", runId)
        .param("nodeId", nodeId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private RunEventCorrelated correlatedEvent(String runId) {
    try (TopicReader reader = TopicReader.fromBeginning(Topics.RUN_EVENTS)) {
      InboundEvent event =
          reader
              .awaitRecords(
                  e -> runId.equals(e.key()) && EventTypes.RUN_EVENT_CORRELATED.equals(e.type()),
                  1,
                  Duration.ofSeconds(60))
              .getFirst();
      return api.json().readValue(event.data(), RunEventCorrelated.class);
    }
  }

  private void save(String tenant, String definition) {
    HttpResponse<String> saved =
        api.send("POST", "/api/v1/workflow-definitions", definition, tenant);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
  }
}
