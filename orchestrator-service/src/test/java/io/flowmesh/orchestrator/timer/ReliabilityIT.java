package io.flowmesh.orchestrator.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.testing.FunctionRunnerSide;
import io.flowmesh.orchestrator.testing.OrchestratorApi;
import io.flowmesh.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Retries, timeouts, timers, approval timeouts and error handling through the running orchestrator,
 * with real PostgreSQL and Kafka; the test plays the function runner.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReliabilityIT {

  private static final String TOKEN = "reliability-token";
  private static final FunctionRunnerSide RUNNER = new FunctionRunnerSide(TOKEN);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "reliability");
    registry.add("flowmesh.edge.gateway-token", () -> TOKEN);
    registry.add("flowmesh.orchestrator.function-runner-url", RUNNER::registryUrl);
    registry.add("flowmesh.orchestrator.consumer-group", () -> "orchestrator-reliability-it");
  }

  @AfterAll
  static void stopRunner() {
    RUNNER.close();
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired TimerFiring firing;
  @Autowired MeterRegistry meters;

  private OrchestratorApi api(String tenant) {
    return new OrchestratorApi(port, TOKEN, tenant);
  }

  private static final String RETRYING =
      """
      {"id":"retrying","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"call","type":"action","config":{"actionId":"http/get","url":"{{trigger.url}}",
          "retry":{"maxAttempts":3,"initialInterval":"PT0.2S","multiplier":2,"jitter":0}}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"t","target":"call"},{"source":"call","target":"end"}]}
      """;

  @Test
  void aFailedAttemptIsRetriedAfterItsBackoffAndEveryAttemptIsInTheHistory() {
    OrchestratorApi api = api("tenant-retry");
    api.save(RETRYING);
    String runId = api.start("retrying", "{\"url\":\"https://example.org\"}");

    FunctionRequested first = RUNNER.request(runId, "call", 1);
    RUNNER.fail("tenant-retry", first, new ExecutionError("HTTP_503", "unavailable", true));
    FunctionRequested second = RUNNER.request(runId, "call", 2);
    assertThat(second.executionId()).isNotEqualTo(first.executionId());
    assertThat(second.input()).isEqualTo(first.input());
    RUNNER.succeed("tenant-retry", second, Map.of("status", 200));
    await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(api.status(runId)));

    JsonNode history = api.history(runId);
    List<JsonNode> calls = new ArrayList<>();
    history.forEach(
        attempt -> {
          if (attempt.get("nodeId").asString().equals("call")) {
            calls.add(attempt);
          }
        });
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(calls.get(0).get("status").asString()).isEqualTo("FAILED");
    assertThat(calls.get(0).get("error").get("code").asString()).isEqualTo("HTTP_503");
    assertThat(calls.get(1).get("attempt").asInt()).isEqualTo(2);
    assertThat(calls.get(1).get("status").asString()).isEqualTo("COMPLETED");
    assertThat(calls.get(1).get("output").get("status").asInt()).isEqualTo(200);
    // the backoff was honoured: attempt 2 started no earlier than 200 ms after attempt 1 failed
    Instant failedAt = Instant.parse(calls.get(0).get("finishedAt").asString());
    Instant retriedAt = Instant.parse(calls.get(1).get("startedAt").asString());
    assertThat(retriedAt).isAfterOrEqualTo(failedAt.plusMillis(200));
    assertThat(timersOf(runId)).isZero();
  }

  @Test
  void aRetryTimeoutThatRunsOutFailsTheRunWithTheLastError() {
    OrchestratorApi api = api("tenant-exhaust");
    api.save(RETRYING);
    String runId = api.start("retrying", "{\"url\":\"u\"}");

    for (int attempt = 1; attempt <= 3; attempt++) {
      RUNNER.fail(
          "tenant-exhaust",
          RUNNER.request(runId, "call", attempt),
          new ExecutionError("HTTP_503", "attempt " + attempt, true));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(api.status(runId)));

    JsonNode run = api.run(runId);
    assertThat(run.get("error").get("code").asString()).isEqualTo("HTTP_503");
    assertThat(run.get("error").get("message").asString()).isEqualTo("attempt 3");
    assertThat(nodeStatuses(runId, "call")).containsExactly("FAILED", "FAILED", "FAILED");
  }

  private static final String TIMED =
      """
      {"id":"timed","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"slow","type":"action","timeout":"PT0.5S","config":{"actionId":"x/slow"}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"t","target":"slow"},{"source":"slow","target":"end"}]}
      """;

  @Test
  void anActionThatDoesNotAnswerInTimeFailsWithTimeoutAndItsLateResultChangesNothing() {
    OrchestratorApi api = api("tenant-timeout");
    api.save(TIMED);
    String runId = api.start("timed", "{}");
    FunctionRequested request = RUNNER.request(runId, "slow", 1);
    assertThat(request.timeoutMillis()).isEqualTo(500); // the runner may stop it too

    await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(api.status(runId)));
    JsonNode failed = api.run(runId);
    assertThat(failed.get("error").get("code").asString()).isEqualTo("TIMEOUT");
    assertThat(failed.get("error").get("nodeId").asString()).isEqualTo("slow");
    int executions = executions(runId);

    // The late result, then a sentinel run's result on the same partition (same key): once the
    // sentinel has completed, the late result has been consumed before it.
    RUNNER.succeed("tenant-timeout", request, Map.of("late", true));
    RUNNER.succeed("tenant-timeout", request, Map.of("late", true));
    api.save(
        """
        {"id":"sentinel","nodes":[{"id":"t","type":"trigger"},
          {"id":"echo","type":"action","config":{"actionId":"core/echo"}}],
         "edges":[{"source":"t","target":"echo"}]}
        """);
    String sentinel = api.start("sentinel", "{}");
    RUNNER.succeed("tenant-timeout", RUNNER.request(sentinel, "echo", 1), Map.of(), runId);
    await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(api.status(sentinel)));

    JsonNode after = api.run(runId);
    assertThat(after.get("status").asString()).isEqualTo("FAILED");
    assertThat(after.get("outputs").has("slow")).isFalse();
    assertThat(executions(runId)).isEqualTo(executions);
    assertThat(nodeStatuses(runId, "slow")).containsExactly("FAILED");
  }

  @Test
  void aTimerNodeFiresOnceAndTheRunCompletes() {
    OrchestratorApi api = api("tenant-timer");
    api.save(
        """
        {"id":"pause","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"wait","type":"timer","config":{"duration":"PT0.3S"}},
          {"id":"end","type":"end"}],
         "edges":[{"source":"t","target":"wait"},{"source":"wait","target":"end"}]}
        """);
    double firedBefore =
        meters.counter("flowmesh.orchestrator.timers.fired", "kind", "timer").count();
    String runId = api.start("pause", "{\"order\":42}");

    await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(api.status(runId)));

    assertThat(api.run(runId).get("outputs").get("wait").get("order").asInt()).isEqualTo(42);
    assertThat(nodeStatuses(runId, "wait")).containsExactly("COMPLETED");
    assertThat(timersOf(runId)).isZero();
    assertThat(meters.counter("flowmesh.orchestrator.timers.fired", "kind", "timer").count())
        .isGreaterThan(firedBefore);
  }

  @Test
  void aTimerDueWhileItsRunIsPausedWaitsForTheResume() {
    OrchestratorApi api = api("tenant-paused-timer");
    api.save(
        """
        {"id":"nap","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"wait","type":"timer","config":{"duration":"PT2S"}},
          {"id":"end","type":"end"}],
         "edges":[{"source":"t","target":"wait"},{"source":"wait","target":"end"}]}
        """);
    String runId = api.start("nap", "{}");
    assertThat(api.post("/api/v1/runs/" + runId + "/pause", "{}").statusCode()).isEqualTo(200);
    Instant firstDue = dueAt(runId);

    // the poller claimed the due timer, saw the pause and put the timer back for later
    await().atMost(Duration.ofSeconds(60)).until(() -> dueAt(runId).isAfter(firstDue));
    assertThat(api.status(runId)).isEqualTo("PAUSED");
    assertThat(nodeStatuses(runId, "wait")).containsExactly("RUNNING");

    assertThat(api.post("/api/v1/runs/" + runId + "/resume", "{}").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(api.status(runId)));
    assertThat(nodeStatuses(runId, "wait")).containsExactly("COMPLETED");
    assertThat(timersOf(runId)).isZero();
  }

  private Instant dueAt(String runId) {
    return jdbc.sql("SELECT due_at FROM timers WHERE run_id = :id")
        .param("id", runId)
        .query(java.sql.Timestamp.class)
        .single()
        .toInstant();
  }

  private static final String GATE =
      """
      {"id":"gate","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"approval","type":"approval-gate","config":{"eventName":"approved","timeout":"PT0.3S"}},
        {"id":"approved","type":"end"},
        {"id":"expired","type":"end"}],
       "edges":[{"source":"t","target":"approval"},
                {"source":"approval","target":"approved"},
                {"source":"approval","target":"expired","sourceHandle":"timeout"}]}
      """;

  @Test
  void anApprovalGateTimesOutIntoItsTimeoutBranchAndALateApprovalIsAConflict() {
    OrchestratorApi api = api("tenant-gate");
    api.save(GATE);
    String runId = api.start("gate", "{}");

    await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(api.status(runId)));

    assertThat(nodesRun(runId)).containsExactlyInAnyOrder("t", "approval", "expired");
    assertThat(api.run(runId).get("outputs").get("approval").get("timedOut").asBoolean()).isTrue();
    HttpResponse<String> late =
        api.post("/api/v1/runs/" + runId + "/events", "{\"eventName\":\"approved\"}");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("is COMPLETED");
  }

  @Test
  void anApprovalBeforeTheTimeoutWinsAndTheTimeoutChangesNothing() {
    OrchestratorApi api = api("tenant-gate-ok");
    api.save(GATE.replace("PT0.3S", "PT1H"));
    String runId = api.start("gate", "{}");

    HttpResponse<String> approved =
        api.post(
            "/api/v1/runs/" + runId + "/events",
            "{\"eventName\":\"approved\",\"eventData\":{\"by\":\"ann\"}}");

    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(api.status(runId)).isEqualTo("COMPLETED");
    assertThat(nodesRun(runId)).containsExactlyInAnyOrder("t", "approval", "approved");
    assertThat(timersOf(runId)).isZero(); // the pending timeout went with the approval
  }

  @Test
  void anErrorEdgeHandsTheErrorToItsHandlerAndTheRunCompletes() {
    OrchestratorApi api = api("tenant-onerror");
    api.save(
        """
        {"id":"fallback","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"fetch","type":"action","config":{"actionId":"x/fetch"}},
          {"id":"cache","type":"action","config":{"actionId":"x/cache","why":"{{fetch.error.code}}"}}],
         "edges":[{"source":"t","target":"fetch"},
                  {"source":"fetch","target":"cache","sourceHandle":"error"}]}
        """);
    String runId = api.start("fallback", "{}");

    RUNNER.fail(
        "tenant-onerror",
        RUNNER.request(runId, "fetch", 1),
        new ExecutionError("HTTP_500", "boom", false));
    FunctionRequested handler = RUNNER.request(runId, "cache", 1);
    assertThat(handler.input()).isEqualTo(Map.of("why", "HTTP_500"));
    RUNNER.succeed("tenant-onerror", handler, Map.of("cached", true));

    await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(api.status(runId)));
    assertThat(nodeStatuses(runId, "fetch")).containsExactly("FAILED");
  }

  @Test
  void aFailingRunRunsItsFailureHandlerAndThenFails() {
    OrchestratorApi api = api("tenant-onfailure");
    api.save(
        """
        {"id":"handled","onFailure":"notify","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"charge","type":"action","config":{"actionId":"x/charge"}},
          {"id":"notify","type":"action","config":{"actionId":"x/notify","failed":"{{run.error.nodeId}}"}}],
         "edges":[{"source":"t","target":"charge"}]}
        """);
    String runId = api.start("handled", "{}");

    RUNNER.fail(
        "tenant-onfailure",
        RUNNER.request(runId, "charge", 1),
        new ExecutionError("CARD_DECLINED", "declined", false));
    FunctionRequested notify = RUNNER.request(runId, "notify", 1);
    assertThat(notify.input()).isEqualTo(Map.of("failed", "charge"));
    // while the handler runs, the run is not over yet and says why it is failing
    JsonNode failing = api.run(runId);
    assertThat(failing.get("status").asString()).isEqualTo("RUNNING");
    assertThat(failing.get("error").get("code").asString()).isEqualTo("CARD_DECLINED");
    RUNNER.succeed("tenant-onfailure", notify, Map.of());

    await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(api.status(runId)));
    assertThat(api.run(runId).get("error").get("nodeId").asString()).isEqualTo("charge");
    assertThat(nodeStatuses(runId, "notify")).containsExactly("COMPLETED");
  }

  @Test
  void concurrentPollersFireEveryDueTimerExactlyOnce() throws Exception {
    OrchestratorApi api = api("tenant-race");
    api.save(
        """
        {"id":"race","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"wait","type":"timer","config":{"duration":"PT0.5S"}},
          {"id":"end","type":"end"}],
         "edges":[{"source":"t","target":"wait"},{"source":"wait","target":"end"}]}
        """);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      runs.add(api.start("race", "{\"i\":" + i + "}"));
    }

    // Four more pollers, small batches, racing this instance's own poller for the same rows.
    ExecutorService pollers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        running.add(
            pollers.submit(
                () -> {
                  while (jdbc.sql("SELECT count(*) FROM timers WHERE tenant = 'tenant-race'")
                          .query(Integer.class)
                          .single()
                      > 0) {
                    firing.fireDue(3);
                  }
                  return null;
                }));
      }
      for (Future<?> poller : running) {
        poller.get();
      }
    } finally {
      pollers.shutdownNow();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> runs.stream().allMatch(id -> "COMPLETED".equals(api.status(id))));
    List<Map<String, Object>> perNode =
        jdbc.sql(
                "SELECT run_id, node_id, count(*) AS n FROM node_executions"
                    + " WHERE tenant = 'tenant-race' GROUP BY run_id, node_id")
            .query()
            .listOfRows();
    assertThat(perNode).hasSize(runs.size() * 3);
    assertThat(perNode).allSatisfy(row -> assertThat(((Number) row.get("n")).intValue()).isOne());
  }

  private int timersOf(String runId) {
    return jdbc.sql("SELECT count(*) FROM timers WHERE run_id = :id")
        .param("id", runId)
        .query(Integer.class)
        .single();
  }

  private int executions(String runId) {
    return jdbc.sql("SELECT count(*) FROM node_executions WHERE run_id = :id")
        .param("id", runId)
        .query(Integer.class)
        .single();
  }

  private List<String> nodeStatuses(String runId, String nodeId) {
    return jdbc.sql(
            "SELECT status FROM node_executions WHERE run_id = :run AND node_id = :node"
                + " ORDER BY attempt")
        .param("run", runId)
        .param("node", nodeId)
        .query(String.class)
        .list();
  }

  private List<String> nodesRun(String runId) {
    return jdbc.sql("SELECT node_id FROM node_executions WHERE run_id = :run")
        .param("run", runId)
        .query(String.class)
        .list();
  }
}
