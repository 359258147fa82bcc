package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRefused;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.model.workflow.WorkflowSaved;
import io.flowmesh.testinfra.TopicReader;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/**
 * Runs started by trigger requests on Kafka ({@code run.start-requested}), as event-service sends
 * them: the run gets the requested id and input, a request delivered three times starts one run,
 * and a request for a workflow that does not exist is answered with {@code run.start-refused}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestedStartsIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "requestedstarts", REGISTRY);
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  private static final String NOTIFY =
      """
      {"id":"notify","nodes":[
        {"id":"trigger","type":"trigger","config":{"triggerType":"event","eventTypes":["com.acme.order.placed"]}},
        {"id":"end","type":"end"}],
       "edges":[{"id":"e1","source":"trigger","target":"end"}]}
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
  void aRequestDeliveredThreeTimesStartsOneRunWithTheRequestedIdAndInput() {
    assertThat(api.send("POST", "/api/v1/workflow-definitions", NOTIFY, "trig-a").statusCode())
        .isEqualTo(201);
    String runId = "run_" + UUID.randomUUID().toString().replace("-", "");
    RunStartRequested request =
        new RunStartRequested(
            runId,
            "notify",
            Map.of("orderId", "o-1"),
            "o-1",
            "trigger:trg_1:evt_1",
            "trg_1",
            "evt_1");

    for (int i = 0; i < 3; i++) {
      api.publish(
          Topics.RUN_START_REQUESTS, "trig-a", EventTypes.RUN_START_REQUESTED, "notify", request);
    }

    api.awaitStatus("trig-a", runId, "COMPLETED");
    assertThat(api.run("trig-a", runId).get("outputs").get("trigger").get("orderId").asString())
        .isEqualTo("o-1");
    // the later deliveries were consumed too, and found the run the first one started
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql("SELECT count(*) FROM runs WHERE tenant = 'trig-a'")
                            .query(Long.class)
                            .single())
                    .isEqualTo(1));
  }

  @Test
  void aRequestForAnUnknownWorkflowIsRefusedOnTheRunEventsTopic() {
    String runId = "run_" + UUID.randomUUID().toString().replace("-", "");
    try (TopicReader reader = TopicReader.fromBeginning(Topics.RUN_EVENTS)) {
      api.publish(
          Topics.RUN_START_REQUESTS,
          "trig-b",
          EventTypes.RUN_START_REQUESTED,
          "missing",
          new RunStartRequested(
              runId, "missing", Map.of(), null, "trigger:trg_2:evt_2", "trg_2", "evt_2"));

      RunStartRefused refused = awaitRefusal(reader, runId);
      assertThat(refused.code()).isEqualTo("WORKFLOW_NOT_FOUND");
      assertThat(refused.triggerId()).isEqualTo("trg_2");
      assertThat(refused.eventId()).isEqualTo("evt_2");
    }
    assertThat(api.send("GET", "/api/v1/runs/" + runId, null, "trig-b").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aRequestWhoseInputBreaksTheTriggersInputSchemaIsRefusedNamingTheField() {
    HttpResponse<String> saved =
        api.send(
            "POST",
            "/api/v1/workflow-definitions",
            RunApiClient.REFUND_WITH_INPUT_SCHEMA,
            "trig-d");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    String runId = "run_" + UUID.randomUUID().toString().replace("-", "");
    try (TopicReader reader = TopicReader.fromBeginning(Topics.RUN_EVENTS)) {
      api.publish(
          Topics.RUN_START_REQUESTS,
          "trig-d",
          EventTypes.RUN_START_REQUESTED,
          "refund",
          new RunStartRequested(
              runId,
              "refund",
              Map.of("order", "o-9", "amount", 0),
              null,
              "trigger:trg_3:evt_3",
              "trg_3",
              "evt_3"));

      RunStartRefused refused = awaitRefusal(reader, runId);
      assertThat(refused.code()).isEqualTo("INPUT_INVALID");
      assertThat(refused.reason()).contains("input.amount");
    }
    assertThat(api.send("GET", "/api/v1/runs/" + runId, null, "trig-d").statusCode())
        .isEqualTo(404);
  }

  private RunStartRefused awaitRefusal(TopicReader reader, String runId) {
    InboundEvent refused =
        reader
            .awaitRecords(
                e -> runId.equals(e.key()) && EventTypes.RUN_START_REFUSED.equals(e.type()),
                1,
                Duration.ofSeconds(30))
            .getFirst();
    return api.json().readValue(refused.data(), RunStartRefused.class);
  }

  @Test
  void savingAVersionTellsThePlatformHowItStartsAndDeletingWithdrawsIt() {
    String scheduled =
        """
        {"id":"nightly","nodes":[
          {"id":"trigger","type":"trigger","config":{"triggerType":"Schedule",
            "scheduleCron":"0 2 * * *","scheduleTimezone":"Europe/Berlin"}},
          {"id":"end","type":"end"}],
         "edges":[{"id":"e1","source":"trigger","target":"end"}]}
        """;
    try (TopicReader reader = TopicReader.fromBeginning(Topics.WORKFLOW_EVENTS)) {
      assertThat(api.send("POST", "/api/v1/workflow-definitions", scheduled, "trig-c").statusCode())
          .isEqualTo(201);
      assertThat(
              api.send("DELETE", "/api/v1/workflow-definitions/nightly", null, "trig-c")
                  .statusCode())
          .isEqualTo(204);

      List<InboundEvent> events =
          reader.awaitRecords(e -> "trig-c".equals(e.tenant()), 2, Duration.ofSeconds(30));
      assertThat(events)
          .extracting(InboundEvent::type)
          .containsExactly(EventTypes.WORKFLOW_SAVED, EventTypes.WORKFLOW_DELETED);
      WorkflowSaved saved = api.json().readValue(events.getFirst().data(), WorkflowSaved.class);
      assertThat(saved.workflowId()).isEqualTo("nightly");
      assertThat(saved.version()).isEqualTo(1);
      assertThat(saved.triggerType()).isEqualTo("schedule");
      assertThat(saved.trigger())
          .containsEntry("cron", "0 2 * * *")
          .containsEntry("timeZone", "Europe/Berlin");
    }

    var refused =
        api.send(
            "POST",
            "/api/v1/workflow-definitions",
            """
            {"id":"broken","nodes":[
              {"id":"trigger","type":"trigger","config":{"triggerType":"event"}},
              {"id":"end","type":"end"}],
             "edges":[{"id":"e1","source":"trigger","target":"end"}]}
            """,
            "trig-c");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("nodes[0].config.eventTypes")
        .contains("trigger node 'trigger'");
  }
}
