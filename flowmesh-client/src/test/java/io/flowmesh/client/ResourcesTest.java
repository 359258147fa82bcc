package io.flowmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.client.ScriptedServer.Answer;
import io.flowmesh.client.ScriptedServer.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourcesTest {

  private static final String SUBSCRIPTION =
      """
      {"id":"whs_1","url":"https://app.example.com/hooks","eventTypes":["io.flowmesh.run.*"],
       "state":"ACTIVE","createdAt":"2026-12-07T10:00:00Z"}
      """;

  private final ScriptedServer server = new ScriptedServer();
  private final FlowmeshClient client =
      FlowmeshClient.builder().baseUrl(server.url()).apiKey("k").build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSubscriptionIsChangedWithAMergePatchOnTheVersionJustRead() {
    server.answer(
        new Answer(200, "application/json", SUBSCRIPTION, Map.of("ETag", "\"3\"")),
        Answer.json(200, SUBSCRIPTION.replace("io.flowmesh.run.*", "io.flowmesh.run.failed.v1")));

    WebhookSubscriptions.Subscription changed =
        client
            .webhookSubscriptions()
            .update("whs_1", Map.of("eventTypes", List.of("io.flowmesh.run.failed.v1")));

    assertThat(changed.eventTypes()).containsExactly("io.flowmesh.run.failed.v1");
    assertThat(changed.secret()).isNull();
    Request patch = server.requests().get(1);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.pathAndQuery()).isEqualTo("/api/v1/webhook-subscriptions/whs_1");
    assertThat(patch.header("If-Match")).isEqualTo("\"3\"");
    assertThat(patch.header("Content-Type")).isEqualTo("application/merge-patch+json");
    assertThat(patch.body()).isEqualTo("{\"eventTypes\":[\"io.flowmesh.run.failed.v1\"]}");
  }

  @Test
  void aScheduleIsCreatedWithOnlyTheFieldsGivenAndItsIdEncodedInPaths() {
    server.answer(
        Answer.json(
            201,
            """
            {"id":"sch 1","name":"nightly","workflowId":"report","cron":"0 2 * * *",
             "timeZone":"Europe/Berlin","paused":false,"nextFireTimes":["2026-12-08T01:00:00Z"]}
            """),
        Answer.json(
            202,
            "{\"fireTime\":\"2026-12-07T10:00:00Z\",\"outcome\":\"started\",\"runId\":\"run_9\"}"));

    Schedules.Schedule created =
        client
            .schedules()
            .create(
                Schedules.ScheduleSpec.cron(
                    "nightly", "report", "0 2 * * *", "Europe/Berlin", Map.of("full", true)));
    Schedules.Fire fired = client.schedules().triggerNow(created.id());

    assertThat(server.requests().getFirst().body())
        .isEqualTo(
            "{\"name\":\"nightly\",\"workflowId\":\"report\",\"cron\":\"0 2 * * *\","
                + "\"timeZone\":\"Europe/Berlin\",\"input\":{\"full\":true}}");
    assertThat(created.nextFireTimes()).hasSize(1);
    assertThat(fired.runId()).isEqualTo("run_9");
    assertThat(server.requests().get(1).pathAndQuery())
        .isEqualTo("/api/v1/schedules/sch%201/trigger");
  }
}
