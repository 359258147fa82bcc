package io.flowmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.client.ScriptedServer.Answer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunsTest {

  private static final String RUN =
      """
      {"runId":"run_1","workflowId":"hello","version":1,"status":"%s",
       "outputs":{"echo":{"message":"hi"}},"error":null,
       "startedAt":"2026-12-07T10:00:00.123456Z","completedAt":null,"addedLater":true}
      """;

  private final ScriptedServer server = new ScriptedServer();
  private final FlowmeshClient client =
      FlowmeshClient.builder().baseUrl(server.url() + "/").apiKey("k").build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void waitingForTheEndReadsTheRunUntilItHasEnded() {
    server.answer(
        Answer.json(200, RUN.formatted("RUNNING")),
        Answer.json(200, RUN.formatted("WAITING")),
        Answer.json(200, RUN.formatted("COMPLETED")));
    List<RunStatus> seen = new ArrayList<>();

    Runs.Run run =
        client.runs().waitForEnd("run_1", Duration.ofSeconds(10), read -> seen.add(read.status()));

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.outputs()).containsKey("echo");
    assertThat(seen).containsExactly(RunStatus.RUNNING, RunStatus.WAITING, RunStatus.COMPLETED);
  }

  @Test
  void waitingEndsAtTheDeadlineWithTheStateLastSeen() {
    server.answer(Answer.json(200, RUN.formatted("PAUSED")));

    assertThatThrownBy(() -> client.runs().waitForEnd("run_1", Duration.ofMillis(300)))
        .isInstanceOf(FlowmeshTimeoutException.class)
        .hasMessage("Run run_1 is still PAUSED after PT0.3S");
  }

  @Test
  void aStateThisClientDoesNotKnowReadsAsUnknown() {
    server.answer(Answer.json(200, RUN.formatted("HIBERNATING")));

    assertThat(client.runs().get("run_1").status()).isEqualTo(RunStatus.UNKNOWN);
  }

  @Test
  void listingSendsEachGivenFilterAsTheApiNamesIt() {
    server.answer(
        Answer.json(
            200,
            """
            {"items":[{"runId":"run_1","workflowId":"hello","version":1,"status":"FAILED",
              "businessKey":"order 42","startedAt":"2026-12-07T10:00:00Z","completedAt":null}],
             "nextCursor":"MTpy"}
            """));

    Page<Runs.Summary> page =
        client
            .runs()
            .list(
                Runs.Filter.ALL
                    .withWorkflowId("hello")
                    .withStatuses(EnumSet.of(RunStatus.FAILED, RunStatus.CANCELLED))
                    .withLimit(20)
                    .withCursor("a+b/c"));

    assertThat(page.items()).extracting(Runs.Summary::businessKey).containsExactly("order 42");
    assertThat(page.hasNext()).isTrue();
    assertThat(server.requests().getFirst().pathAndQuery())
        .isEqualTo(
            "/api/v1/runs?workflowId=hello&status=CANCELLED%2CFAILED&limit=20&cursor=a%2Bb%2Fc");
  }

  @Test
  void aStartedAfterFilterIsSentAsRfc3339() {
    server.answer(Answer.json(200, "{\"items\":[],\"nextCursor\":null}"));

    client
        .runs()
        .list(
            new Runs.Filter(
                null, null, OffsetDateTime.parse("2026-11-01T00:00:00Z"), null, null, null, null));

    assertThat(server.requests().getFirst().pathAndQuery())
        .isEqualTo("/api/v1/runs?startedAfter=2026-11-01T00%3A00%3A00Z");
  }

  @Test
  void cancellingSendsTheReasonAndReturnsTheRunAsItIsNow() {
    server.answer(Answer.json(200, RUN.formatted("CANCELLED")));

    Runs.Run run = client.runs().cancel("run_1", "no longer needed");

    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(server.requests().getFirst().pathAndQuery()).isEqualTo("/api/v1/runs/run_1/cancel");
    assertThat(server.requests().getFirst().body()).isEqualTo("{\"reason\":\"no longer needed\"}");
  }

  @Test
  void approvingSendsTheGatesEventWithTheDecision() {
    server.answer(Answer.json(200, RUN.formatted("RUNNING")));

    client.tasks().approve("run_1", "manager_approval", java.util.Map.of("by", "ada"));

    assertThat(server.requests().getFirst().pathAndQuery()).isEqualTo("/api/v1/runs/run_1/events");
    assertThat(server.requests().getFirst().body())
        .isEqualTo(
            "{\"eventName\":\"manager_approval\",\"eventData\":{\"by\":\"ada\",\"approved\":true}}");
  }
}
