package io.flowmesh.orchestrator.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.OrchestratorApplication;
import io.flowmesh.orchestrator.testing.FunctionRunnerSide;
import io.flowmesh.orchestrator.testing.OrchestratorApi;
import io.flowmesh.testinfra.ServiceProcess;
import io.flowmesh.testinfra.TestInfrastructure;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the orchestrator with SIGKILL (no graceful stop) while runs wait for function results,
 * retry backoffs, timers and approvals, and starts it again on the same database and consumer
 * group: every run completes, every node ran exactly once (twice for the one retried attempt), and
 * no node attempt was requested from the function runner under two execution ids. The orchestrator
 * runs as a child JVM; the test plays the function runner over the real broker.
 */
class OrchestratorRestartIT {

  private static final String TOKEN = "restart-token";
  private static final String TENANT = "tenant-restart";
  private static final int PER_GROUP = 5;

  private static final String WORKFLOW =
      """
      {"id":"durable","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"first","type":"action","config":{"actionId":"x/first","n":"{{trigger.n}}",
          "retry":{"maxAttempts":3,"initialInterval":"PT8S","jitter":0}}},
        {"id":"pause","type":"timer","config":{"duration":"PT8S"}},
        {"id":"approval","type":"approval-gate","config":{"eventName":"go","timeout":"PT1H"}},
        {"id":"last","type":"action","config":{"actionId":"x/last","by":"{{approval.by}}"}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"t","target":"first"},{"source":"first","target":"pause"},
                {"source":"pause","target":"approval"},{"source":"approval","target":"last"},
                {"source":"last","target":"end"}]}
      """;

  private final FunctionRunnerSide runner = new FunctionRunnerSide(TOKEN);
  private final String database = TestInfrastructure.newDatabase("orchestrator_restart");
  private final String group = "orchestrator-restart-" + UUID.randomUUID();
  private ServiceProcess orchestrator;

  @AfterEach
  void stop() {
    if (orchestrator != null) {
      orchestrator.close();
    }
    runner.close();
  }

  @Test
  void afterAKillEveryRunCompletesAndEveryNodeRanOnce() throws Exception {
    OrchestratorApi api = new OrchestratorApi(start(1), TOKEN, TENANT);
    api.save(WORKFLOW);
    List<String> inFlight = startRuns(api, "inFlight");
    List<String> backingOff = startRuns(api, "backingOff");
    List<String> timing = startRuns(api, "timing");
    List<String> approving = startRuns(api, "approving");
    List<String> all =
        Stream.of(inFlight, backingOff, timing, approving).flatMap(List::stream).toList();
    for (String runId : all) {
      runner.request(runId, "first", 1);
    }

    // approving: through the first action and the 8 s timer to the approval gate
    for (String runId : approving) {
      runner.succeed(TENANT, runner.request(runId, "first", 1), Map.of("ok", true));
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> approving.stream().allMatch(id -> "RUNNING".equals(status(id, "approval"))));
    // timing: waiting for the timer; backingOff: waiting 8 s for attempt 2; inFlight: no answer
    for (String runId : timing) {
      runner.succeed(TENANT, runner.request(runId, "first", 1), Map.of("ok", true));
    }
    for (String runId : backingOff) {
      runner.fail(
          TENANT, runner.request(runId, "first", 1), new ExecutionError("HTTP_503", "busy", true));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                timing.stream().allMatch(id -> "RUNNING".equals(status(id, "pause")))
                    && backingOff.stream().allMatch(id -> "SCHEDULED".equals(status(id, "first"))));

    orchestrator.kill();
    int pendingTimers = count("SELECT count(*) FROM timers WHERE kind IN ('TIMER', 'RETRY')");
    assertThat(pendingTimers).isPositive(); // really killed with timers and backoffs pending
    // results that arrive while no orchestrator runs
    for (String runId : inFlight) {
      runner.succeed(TENANT, runner.request(runId, "first", 1), Map.of("ok", true));
    }

    api = new OrchestratorApi(start(2), TOKEN, TENANT);
    for (String runId : backingOff) {
      runner.succeed(TENANT, runner.request(runId, "first", 2), Map.of("ok", true));
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> all.stream().allMatch(id -> "RUNNING".equals(status(id, "approval"))));
    for (String runId : all) {
      HttpResponse<String> approved =
          api.post(
              "/api/v1/runs/" + runId + "/events",
              "{\"eventName\":\"go\",\"eventData\":{\"by\":\"ann\"}}");
      assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }
    for (String runId : all) {
      FunctionRequested last = runner.request(runId, "last", 1);
      assertThat(last.input()).isEqualTo(Map.of("by", "ann"));
      runner.succeed(TENANT, last, Map.of("done", true));
    }
    OrchestratorApi restarted = api;
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> all.stream().allMatch(id -> "COMPLETED".equals(restarted.status(id))));

    // Every node once per run; the retried action twice (attempt 1 failed, attempt 2 completed).
    Map<String, Integer> executions = new HashMap<>();
    query(
        "SELECT run_id, node_id, count(*) FROM node_executions GROUP BY run_id, node_id",
        rs -> executions.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3)));
    for (String runId : all) {
      for (String node : List.of("t", "first", "pause", "approval", "last", "end")) {
        int expected = backingOff.contains(runId) && node.equals("first") ? 2 : 1;
        assertThat(executions.get(runId + "/" + node)).as(runId + "/" + node).isEqualTo(expected);
      }
    }
    assertThat(
            count(
                "SELECT count(*) FROM node_executions WHERE status NOT IN ('COMPLETED', 'FAILED')"))
        .isZero();
    // fired timers were deleted, and so were the approval timeouts the approvals made moot
    assertThat(count("SELECT count(*) FROM timers")).isZero();
    // The function runner was asked once per node attempt: an outbox redelivery after the kill may
    // repeat a request, but always under the same execution id, which the runner deduplicates.
    runner.poll();
    Map<String, Set<String>> executionIds = new HashMap<>();
    for (FunctionRequested request : runner.seen()) {
      if (all.contains(request.runId())) {
        executionIds
            .computeIfAbsent(
                request.runId() + "/" + request.nodeId() + "#" + request.attempt(),
                k -> new HashSet<>())
            .add(request.executionId());
      }
    }
    assertThat(executionIds).hasSize(all.size() * 2 + backingOff.size());
    assertThat(executionIds.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
  }

  private List<String> startRuns(OrchestratorApi api, String name) {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < PER_GROUP; i++) {
      runs.add(api.start("durable", "{\"n\":\"" + name + "-" + i + "\"}"));
    }
    return runs;
  }

  private String status(String runId, String nodeId) {
    List<String> statuses = new ArrayList<>();
    query(
        "SELECT status FROM node_executions WHERE run_id = '"
            + runId
            + "' AND node_id = '"
            + nodeId
            + "' ORDER BY attempt",
        rs -> statuses.add(rs.getString(1)));
    return statuses.isEmpty() ? "" : statuses.getLast();
  }

  private int count(String sql) {
    int[] result = new int[1];
    query(sql, rs -> result[0] = rs.getInt(1));
    return result[0];
  }

  private interface RowHandler {
    void row(ResultSet rs) throws SQLException;
  }

  private void query(String sql, RowHandler handler) {
    try (Connection connection =
            DriverManager.getConnection(
                database + (database.contains("?") ? "&" : "?") + "currentSchema=orchestrator",
                TestInfrastructure.postgres().username(),
                TestInfrastructure.postgres().password());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        handler.row(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int start(int run) throws IOException {
    orchestrator =
        ServiceProcess.start(
            OrchestratorApplication.class,
            database,
            "orchestrator-restart-run-" + run,
            List.of(
                "--flowmesh.edge.gateway-token=" + TOKEN,
                "--flowmesh.orchestrator.function-runner-url=" + runner.registryUrl(),
                "--flowmesh.orchestrator.consumer-group=" + group,
                "--flowmesh.orchestrator.timers.poll-interval=500ms"));
    return orchestrator.port();
  }
}
