package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.function.FunctionRequested;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
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
 * Pause, resume, retry from the failed node, bulk cancel and retry, purge, and the 409 problems of
 * each in the wrong state, over real HTTP, PostgreSQL and Kafka. The test plays the function runner
 * on Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunOperationsIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "runoperations", REGISTRY);
    registry.add("flowmesh.orchestrator.run-operations.bulk-limit", () -> "2");
    registry.add("flowmesh.orchestrator.run-operations.purge-limit", () -> "2");
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  private static final String CHAIN =
      """
      {"id":"chain","nodes":[
        {"id":"trigger","type":"trigger"},
        {"id":"first","type":"action","config":{"function":"core/echo","input":{"step":1}}},
        {"id":"second","type":"action","config":{"function":"core/echo","input":{"step":2}}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"trigger","target":"first"},{"source":"first","target":"second"},
                {"source":"second","target":"end"}]}
      """;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  private RunTables tables;
  RunApiClient api;

  @BeforeEach
  void client() {
    api = new RunApiClient(port);
    tables = new RunTables(jdbc);
  }

  @Test
  void aPausedRunRecordsTheRunningNodesResultAndStartsItsSuccessorOnlyOnResume() {
    String tenant = "tenant-pause";
    api.send("POST", "/api/v1/workflow-definitions", CHAIN, tenant);
    String runId = api.start(tenant, "{\"workflowId\":\"chain\"}");
    FunctionRequested first = request(runId, "first", 1);

    HttpResponse<String> paused =
        api.send("POST", "/api/v1/runs/" + runId + "/pause", "{\"reason\":\"deploy\"}", tenant);
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(api.body(paused).get("status").asString()).isEqualTo("PAUSED");
    assertConflict(
        api.send("POST", "/api/v1/runs/" + runId + "/pause", null, tenant), "is PAUSED already");
    assertConflict(
        api.send("POST", "/api/v1/runs/" + runId + "/retry", null, tenant),
        "is PAUSED; only a FAILED run can be retried");

    api.succeed(tenant, first, Map.of("done", 1));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(tables.nodeStatus(runId, "first")));
    // The completion and the decision about its successor are one transaction: once "first" is
    // recorded, "second" either started in it or is held, and it must be held.
    assertThat(tables.attempts(runId, "second")).isZero();
    assertThat(tables.heldOutcomes(runId)).isEqualTo(1);
    JsonNode whilePaused = api.run(tenant, runId);
    assertThat(whilePaused.get("status").asString()).isEqualTo("PAUSED");
    assertThat(whilePaused.get("outputs").get("first").get("done").asInt()).isEqualTo(1);

    assertThat(
            api.send("POST", "/api/v1/runs/" + runId + "/resume", null, "tenant-other")
                .statusCode())
        .isEqualTo(404);
    HttpResponse<String> resumed =
        api.send("POST", "/api/v1/runs/" + runId + "/resume", null, tenant);
    assertThat(resumed.statusCode()).isEqualTo(200);
    assertThat(api.body(resumed).get("status").asString()).isEqualTo("RUNNING");
    assertThat(tables.heldOutcomes(runId)).isZero();
    assertConflict(
        api.send("POST", "/api/v1/runs/" + runId + "/resume", null, tenant),
        "is RUNNING; only a PAUSED run can be resumed");

    api.succeed(tenant, request(runId, "second", 1), Map.of("done", 2));
    api.awaitStatus(tenant, runId, "COMPLETED");
    assertThat(api.awaitRunEvents(runId, 13))
        .containsExactly(
            EventTypes.RUN_STARTED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_STARTED,
            EventTypes.RUN_PAUSED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_WAITING,
            EventTypes.RUN_RESUMED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.RUN_COMPLETED);
    assertThat(tables.attempts(runId, "second")).isEqualTo(1);
    assertConflict(
        api.send("POST", "/api/v1/runs/" + runId + "/pause", null, tenant),
        "is COMPLETED; only a run that is RUNNING or WAITING can be paused");
  }

  @Test
  void aFailureWhilePausedIsRecordedAndFailsTheRunOnResume() {
    String tenant = "tenant-pause-fail";
    api.send("POST", "/api/v1/workflow-definitions", CHAIN, tenant);
    String runId = api.start(tenant, "{\"workflowId\":\"chain\"}");
    FunctionRequested first = request(runId, "first", 1);
    assertThat(api.send("POST", "/api/v1/runs/" + runId + "/pause", null, tenant).statusCode())
        .isEqualTo(200);

    api.fail(tenant, first, "BOOM");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "FAILED".equals(tables.nodeStatus(runId, "first")));
    assertThat(tables.heldOutcomes(runId)).isEqualTo(1);
    assertThat(api.status(tenant, runId)).isEqualTo("PAUSED");

    JsonNode resumed =
        api.body(api.send("POST", "/api/v1/runs/" + runId + "/resume", null, tenant));
    assertThat(resumed.get("status").asString()).isEqualTo("FAILED");
    assertThat(resumed.get("error").get("nodeId").asString()).isEqualTo("first");
    assertThat(resumed.get("error").get("code").asString()).isEqualTo("BOOM");
    assertThat(tables.attempts(runId, "second")).isZero();
  }

  @Test
  void aFailedRunIsRetriedFromItsFailedNodeOnTheLatestVersionOnlyIfTheNodeExistsThere() {
    String tenant = "tenant-retry";
    api.send("POST", "/api/v1/workflow-definitions", CHAIN, tenant);
    String runId = api.start(tenant, "{\"workflowId\":\"chain\"}");
    api.succeed(tenant, request(runId, "first", 1), Map.of("done", 1));
    api.fail(tenant, request(runId, "second", 1), "BOOM");
    api.awaitStatus(tenant, runId, "FAILED");

    assertConflict(
        api.send("POST", "/api/v1/runs/" + runId + "/pause", null, tenant),
        "is FAILED; only a run that is RUNNING or WAITING can be paused");
    // version 2 renames the failed node: retrying there has nothing to run again
    api.send("POST", "/api/v1/workflow-definitions", CHAIN.replace("second", "later"), tenant);
    assertConflict(
        api.send(
            "POST",
            "/api/v1/runs/" + runId + "/retry",
            "{\"definitionVersion\":\"latest\"}",
            tenant),
        "Node 'second' (the failed node) does not exist in version 2 of workflow 'chain'");
    assertThat(
            api.send(
                    "POST", "/api/v1/runs/" + runId + "/retry", "{\"definitionVersion\":7}", tenant)
                .statusCode())
        .isEqualTo(400);
    // version 3 has it again, with another input
    api.send(
        "POST", "/api/v1/workflow-definitions", CHAIN.replace("\"step\":2", "\"step\":3"), tenant);

    HttpResponse<String> retried =
        api.send(
            "POST",
            "/api/v1/runs/" + runId + "/retry",
            "{\"definitionVersion\":\"latest\"}",
            tenant);
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(api.body(retried).get("status").asString()).isEqualTo("RUNNING");
    assertThat(api.body(retried).get("version").asInt()).isEqualTo(3);
    assertThat(api.body(retried).get("error").isNull()).isTrue();

    FunctionRequested again = request(runId, "second", 2);
    assertThat(again.input()).isEqualTo(Map.of("step", 3));
    api.succeed(tenant, again, Map.of("done", 2));
    api.awaitStatus(tenant, runId, "COMPLETED");

    List<String> history = new ArrayList<>();
    api.body(api.send("GET", "/api/v1/runs/" + runId + "/history", null, tenant))
        .forEach(
            attempt ->
                history.add(
                    attempt.get("nodeId").asString()
                        + "#"
                        + attempt.get("attempt").asInt()
                        + ":"
                        + attempt.get("status").asString()));
    assertThat(history)
        .containsExactly(
            "trigger#1:COMPLETED",
            "first#1:COMPLETED",
            "second#1:FAILED",
            "second#2:COMPLETED",
            "end#1:COMPLETED");
    assertThat(api.awaitRunEvents(runId, 11))
        .contains(EventTypes.RUN_FAILED, EventTypes.RUN_RETRIED);
    assertConflict(
        api.send("POST", "/api/v1/runs/" + runId + "/retry", null, tenant),
        "is COMPLETED; only a FAILED run can be retried");
    assertThat(api.send("POST", "/api/v1/runs/" + runId + "/retry", null, "tenant-x").statusCode())
        .isEqualTo(404);
  }

  private static final String GATED =
      """
      {"id":"gated","nodes":[
        {"id":"trigger","type":"trigger"},
        {"id":"gate","type":"approval-gate","config":{"eventName":"approved"}},
        {"id":"ship","type":"action","config":{"function":"core/echo","input":{"ship":true}}}],
       "edges":[{"source":"trigger","target":"gate"},{"source":"gate","target":"ship"}]}
      """;

  @Test
  void aRunWaitingForAnApprovalIsWaitingUntilTheEventStartsWork() {
    String tenant = "tenant-waiting";
    api.send("POST", "/api/v1/workflow-definitions", GATED, tenant);
    String runId = api.start(tenant, "{\"workflowId\":\"gated\"}");
    assertThat(api.status(tenant, runId)).isEqualTo("WAITING");
    assertThat(ids(tenant, "status=waiting")).containsExactly(runId);
    assertThat(ids(tenant, "status=RUNNING")).isEmpty();

    // pause is allowed from WAITING, and resume finds the gate still waiting
    HttpResponse<String> paused =
        api.send("POST", "/api/v1/runs/" + runId + "/pause", null, tenant);
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    assertThat(api.body(paused).get("status").asString()).isEqualTo("PAUSED");
    HttpResponse<String> resumed =
        api.send("POST", "/api/v1/runs/" + runId + "/resume", null, tenant);
    assertThat(api.body(resumed).get("status").asString()).isEqualTo("WAITING");

    // the event starts a function: the run works again
    HttpResponse<String> approved =
        api.send(
            "POST", "/api/v1/runs/" + runId + "/events", "{\"eventName\":\"approved\"}", tenant);
    assertThat(api.body(approved).get("status").asString()).isEqualTo("RUNNING");
    assertThat(ids(tenant, "status=running")).containsExactly(runId);
    api.succeed(tenant, request(runId, "ship", 1), Map.of("shipped", true));
    api.awaitStatus(tenant, runId, "COMPLETED");
    // run.waiting tells subscribers when the run began to wait (once, not again on resume)
    assertThat(api.awaitRunEvents(runId, 11))
        .containsExactly(
            EventTypes.RUN_STARTED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_STARTED,
            EventTypes.RUN_WAITING,
            EventTypes.RUN_PAUSED,
            EventTypes.RUN_RESUMED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.RUN_COMPLETED);

    // a waiting run can be cancelled
    String other = api.start(tenant, "{\"workflowId\":\"gated\"}");
    assertThat(api.status(tenant, other)).isEqualTo("WAITING");
    HttpResponse<String> cancelled =
        api.send("POST", "/api/v1/runs/" + other + "/cancel", null, tenant);
    assertThat(api.body(cancelled).get("status").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void bulkOperationsAreBoundedPerCallAndPurgeDeletesOnlyFinishedRuns() {
    String tenant = "tenant-bulk";
    api.send("POST", "/api/v1/workflow-definitions", CHAIN, tenant);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(api.start(tenant, "{\"workflowId\":\"chain\",\"businessKey\":\"b" + i + "\"}"));
    }

    assertThat(badRequestField(api.send("POST", "/api/v1/runs/bulk-cancel", "{}", tenant)))
        .isEqualTo("filter");
    assertThat(
            badRequestField(
                api.send("POST", "/api/v1/runs/bulk-cancel", "{\"status\":\"completed\"}", tenant)))
        .isEqualTo("status");
    assertThat(
            api.body(
                api.send("POST", "/api/v1/runs/bulk-cancel", "{\"workflowId\":\"chain\"}", tenant)))
        .isEqualTo(api.json().readTree("{\"affected\":2,\"skipped\":0,\"more\":true}"));

    // a running run cannot be purged
    String stillRunning = runs.get(2);
    assertConflict(
        api.send("DELETE", "/api/v1/runs/" + stillRunning, null, tenant),
        "is RUNNING; only a finished run (COMPLETED, FAILED or CANCELLED) can be purged");
    assertThat(
            api.body(
                api.send("POST", "/api/v1/runs/bulk-cancel", "{\"workflowId\":\"chain\"}", tenant)))
        .isEqualTo(api.json().readTree("{\"affected\":1,\"skipped\":0,\"more\":false}"));
    runs.forEach(runId -> assertThat(api.status(tenant, runId)).isEqualTo("CANCELLED"));

    // bulk retry: two runs whose function failed
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String runId = api.start(tenant, "{\"workflowId\":\"chain\"}");
      api.fail(tenant, request(runId, "first", 1), "BOOM");
      api.awaitStatus(tenant, runId, "FAILED");
      failed.add(runId);
    }
    assertThat(
            api.body(
                api.send(
                    "POST",
                    "/api/v1/runs/bulk-retry",
                    "{\"workflowId\":\"chain\",\"status\":\"failed,cancelled\"}",
                    tenant)))
        .isEqualTo(api.json().readTree("{\"affected\":2,\"skipped\":0,\"more\":false}"));
    for (String runId : failed) {
      assertThat(api.status(tenant, runId)).isEqualTo("RUNNING");
      assertThat(request(runId, "first", 2).attempt()).isEqualTo(2);
    }

    assertThat(api.send("DELETE", "/api/v1/runs/" + runs.get(0), null, "tenant-x").statusCode())
        .isEqualTo(404);
    assertThat(api.send("DELETE", "/api/v1/runs/" + runs.get(0), null, tenant).statusCode())
        .isEqualTo(204);
    assertThat(api.send("GET", "/api/v1/runs/" + runs.get(0), null, tenant).statusCode())
        .isEqualTo(404);
    assertThat(tables.attempts(runs.get(0), "first")).isZero();

    assertThat(badRequestField(api.send("POST", "/api/v1/runs/purge", "{}", tenant)))
        .isEqualTo("finishedBefore");
    String purge = "{\"finishedBefore\":\"" + Instant.now().plusSeconds(1) + "\"}";
    assertThat(api.body(api.send("POST", "/api/v1/runs/purge", purge, tenant)))
        .isEqualTo(api.json().readTree("{\"affected\":2,\"skipped\":0,\"more\":false}"));
    Set<String> left = Set.copyOf(ids(tenant));
    assertThat(left).containsExactlyInAnyOrderElementsOf(failed);
  }

  @Test
  void theRunOperationsAreDescribedInTheOpenApiDocument() {
    HttpResponse<String> document = api.send("GET", "/v3/api-docs", null, "t");
    assertThat(document.statusCode()).isEqualTo(200);
    JsonNode paths = api.body(document).get("paths");
    assertThat(paths.get("/api/v1/runs").has("get")).isTrue();
    for (String operation : List.of("pause", "resume", "retry")) {
      JsonNode post = paths.get("/api/v1/runs/{runId}/" + operation).get("post");
      assertThat(post.get("summary").asString()).isNotBlank();
      assertThat(post.get("tags").get(0).asString()).isEqualTo("Runs");
    }
    assertThat(paths.get("/api/v1/runs/{runId}").has("delete")).isTrue();
    assertThat(paths.has("/api/v1/runs/bulk-cancel")).isTrue();
    assertThat(paths.has("/api/v1/runs/bulk-retry")).isTrue();
    assertThat(paths.has("/api/v1/runs/purge")).isTrue();
  }

  private FunctionRequested request(String runId, String nodeId, int attempt) {
    return api.awaitRequests(
            r -> r.runId().equals(runId) && r.nodeId().equals(nodeId) && r.attempt() == attempt, 1)
        .getFirst();
  }

  private void assertConflict(HttpResponse<String> response, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(api.body(response).get("type").asString())
        .isEqualTo("https://flowmesh.io/problems/conflict");
    assertThat(api.body(response).get("detail").asString()).contains(detail);
  }

  private String badRequestField(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return api.body(response).get("errors").get(0).get("field").asString();
  }

  private List<String> ids(String tenant) {
    return ids(tenant, "");
  }

  private List<String> ids(String tenant, String query) {
    List<String> ids = new ArrayList<>();
    api.body(api.send("GET", "/api/v1/runs?" + query, null, tenant))
        .get("items")
        .forEach(item -> ids.add(item.get("runId").asString()));
    return ids;
  }
}
