package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.testinfra.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run through the orchestrator with real PostgreSQL and Kafka: the function request goes out
 * through the outbox, a result coming back completes the run, a redelivered result changes nothing,
 * and the run's lifecycle events reach Kafka in order. The function runner's side of the Kafka
 * contract is played by the test; its registry lookup by a loopback HTTP server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunLifecycleIT {

  private static final String TOKEN = "test-gateway-token";
  private static final HttpServer REGISTRY =
      RunApiClient.registry(path -> path.endsWith("/core/echo"));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "orchestrator");
    registry.add("flowmesh.edge.gateway-token", () -> TOKEN);
    registry.add(
        "flowmesh.orchestrator.function-runner-url",
        () -> "http://127.0.0.1:" + REGISTRY.getAddress().getPort());
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  private static final String HELLO =
      """
      {"id":"hello","name":"Hello","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"echo","type":"action","config":{"function":"core/echo","input":{"message":"{{trigger.message}}"}}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"id":"e1","source":"trigger","target":"echo"},{"id":"e2","source":"echo","target":"end"}]}
      """;

  @Test
  void aRunCompletesWhenItsFunctionResultArrivesAndEventsAreOrdered() throws Exception {
    HttpResponse<String> saved = post("/api/v1/workflow-definitions", HELLO, "tenant-a", null);
    assertThat(saved.statusCode()).isEqualTo(201);
    assertThat(json.readTree(saved.body()).get("version").asInt()).isPositive();

    HttpResponse<String> started =
        post(
            "/api/v1/runs",
            "{\"workflowId\":\"hello\",\"input\":{\"message\":\"hi\"}}",
            "tenant-a",
            null);
    assertThat(started.statusCode()).isEqualTo(202);
    String runId = json.readTree(started.body()).get("runId").asString();

    FunctionRequested request = awaitFunctionRequest(runId);
    assertThat(request.function()).isEqualTo("core/echo");
    assertThat(request.input()).isEqualTo(Map.of("message", "hi"));

    FunctionSucceeded result =
        new FunctionSucceeded(
            request.executionId(),
            runId,
            request.nodeId(),
            request.attempt(),
            Map.of("message", "hi"),
            Instant.now());
    publishResult("tenant-a", result);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "COMPLETED".equals(run(runId, "tenant-a").get("status").asString()));

    JsonNode run = run(runId, "tenant-a");
    assertThat(run.get("outputs").get("echo").get("message").asString()).isEqualTo("hi");
    assertThat(run.get("outputs").get("trigger").get("message").asString()).isEqualTo("hi");
    assertThat(run.get("completedAt").isNull()).isFalse();

    // A redelivered result changes nothing.
    int executions = executionCount(runId);
    publishResult("tenant-a", result);
    publishResult("tenant-a", result);
    assertThat(awaitRunEvents(runId, 8))
        .containsExactly(
            EventTypes.RUN_STARTED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.RUN_COMPLETED);
    assertThat(executionCount(runId)).isEqualTo(executions);
  }

  private static final String BRANCHING =
      """
      {"id":"branching","name":"Branching","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"echo","type":"action","config":{"function":"core/echo","input":{"size":"{{trigger.size}}"}}},
        {"id":"isBig","type":"condition","config":{"expression":"nodes.echo.size == 'big' && trigger.size == 'big'"}},
        {"id":"bigEnd","type":"end","config":{}},
        {"id":"smallEnd","type":"end","config":{}}],
       "edges":[{"source":"trigger","target":"echo"},{"source":"echo","target":"isBig"},
                {"source":"isBig","target":"bigEnd","sourceHandle":"true"},
                {"source":"isBig","target":"smallEnd","sourceHandle":"false"}]}
      """;

  @Test
  void aConditionAfterAFunctionResultFollowsOnlyItsBranch() throws Exception {
    assertThat(post("/api/v1/workflow-definitions", BRANCHING, "tenant-e", null).statusCode())
        .isEqualTo(201);
    String runId =
        json.readTree(
                post(
                        "/api/v1/runs",
                        "{\"workflowId\":\"branching\",\"input\":{\"size\":\"big\"}}",
                        "tenant-e",
                        null)
                    .body())
            .get("runId")
            .asString();

    FunctionRequested request = awaitFunctionRequest(runId);
    publishResult(
        "tenant-e",
        new FunctionSucceeded(
            request.executionId(),
            runId,
            request.nodeId(),
            request.attempt(),
            Map.of("size", "big"),
            Instant.now()));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(run(runId, "tenant-e").get("status").asString()));

    // the condition ran in the result's transaction, with state reloaded from the database
    assertThat(
            jdbc.sql(
                    "SELECT node_id FROM node_executions WHERE tenant = 'tenant-e' AND run_id = :id"
                        + " ORDER BY started_at, node_id")
                .param("id", runId)
                .query(String.class)
                .list())
        .containsExactlyInAnyOrder("trigger", "echo", "isBig", "bigEnd");

    // the history shows every attempt with its input, output and timings, in start order
    HttpResponse<String> history = get("/api/v1/runs/" + runId + "/history", "tenant-e");
    assertThat(history.statusCode()).isEqualTo(200);
    JsonNode attempts = json.readTree(history.body());
    List<String> order = new ArrayList<>();
    attempts.forEach(attempt -> order.add(attempt.get("nodeId").asString()));
    assertThat(order).containsExactly("trigger", "echo", "isBig", "bigEnd");
    JsonNode echo = attempts.get(1);
    assertThat(echo.get("nodeId").asString()).isEqualTo("echo");
    assertThat(echo.get("attempt").asInt()).isEqualTo(1);
    assertThat(echo.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(echo.get("input").get("size").asString()).isEqualTo("big");
    assertThat(echo.get("output").get("size").asString()).isEqualTo("big");
    assertThat(echo.get("finishedAt").isNull()).isFalse();
    assertThat(get("/api/v1/runs/" + runId + "/history", "tenant-other").statusCode())
        .isEqualTo(404);
  }

  private static final String FAN_OUT =
      """
      {"id":"fan-out","nodes":[
        {"id":"trigger","type":"trigger"},
        {"id":"split","type":"parallel"},
        {"id":"left","type":"action","config":{"function":"core/echo","input":{"side":"left"}}},
        {"id":"right","type":"action","config":{"function":"core/echo","input":{"side":"right"}}},
        {"id":"join","type":"join","config":{"mode":"all"}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"trigger","target":"split"},{"source":"split","target":"left"},
                {"source":"split","target":"right"},{"source":"left","target":"join"},
                {"source":"right","target":"join"},{"source":"join","target":"end"}]}
      """;

  @Test
  void aJoinAllWaitsForBothBranchesAcrossTransactionsAndRunsOnce() throws Exception {
    assertThat(post("/api/v1/workflow-definitions", FAN_OUT, "tenant-f", null).statusCode())
        .isEqualTo(201);
    String runId =
        json.readTree(post("/api/v1/runs", "{\"workflowId\":\"fan-out\"}", "tenant-f", null).body())
            .get("runId")
            .asString();
    List<FunctionRequested> requests = awaitFunctionRequests(runId, 2);

    // one result per transaction: the join must see the first branch's completion from the database
    for (FunctionRequested request : requests) {
      publishResult(
          "tenant-f",
          new FunctionSucceeded(
              request.executionId(),
              runId,
              request.nodeId(),
              request.attempt(),
              request.input(),
              Instant.now()));
      if (request == requests.getFirst()) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> nodeStatus(runId, request.nodeId()).equals("COMPLETED"));
        assertThat(run(runId, "tenant-f").get("status").asString()).isEqualTo("RUNNING");
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(run(runId, "tenant-f").get("status").asString()));

    JsonNode joined = run(runId, "tenant-f").get("outputs").get("join");
    assertThat(joined.get("left").get("side").asString()).isEqualTo("left");
    assertThat(joined.get("right").get("side").asString()).isEqualTo("right");
    assertThat(
            jdbc.sql(
                    "SELECT node_id FROM node_executions WHERE tenant = 'tenant-f' AND run_id = :id")
                .param("id", runId)
                .query(String.class)
                .list())
        .containsExactlyInAnyOrder("trigger", "split", "left", "right", "join", "end");
  }

  @Test
  void aCancelledRunIgnoresItsLateResultAndCannotBeCancelledTwice() throws Exception {
    post("/api/v1/workflow-definitions", HELLO, "tenant-g", null);
    String runId = startHello("tenant-g");
    String sentinelId = startHello("tenant-g");
    FunctionRequested request = awaitFunctionRequest(runId);
    FunctionRequested sentinelRequest = awaitFunctionRequest(sentinelId);

    HttpResponse<String> cancelled =
        post("/api/v1/runs/" + runId + "/cancel", "{\"reason\":\"not needed\"}", "tenant-g", null);
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(json.readTree(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
    int executions = executionCount(runId);

    // The late result, then the sentinel's result on the same partition (same key): once the
    // sentinel run completed, the late result has been consumed before it.
    publishResult(
        "tenant-g",
        new FunctionSucceeded(
            request.executionId(), runId, "echo", 1, Map.of("message", "late"), Instant.now()),
        runId);
    publishResult(
        "tenant-g",
        new FunctionSucceeded(
            sentinelRequest.executionId(),
            sentinelId,
            "echo",
            1,
            Map.of("message", "m"),
            Instant.now()),
        runId);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(run(sentinelId, "tenant-g").get("status").asString()));

    JsonNode run = run(runId, "tenant-g");
    assertThat(run.get("status").asString()).isEqualTo("CANCELLED");
    assertThat(run.get("outputs").has("echo")).isFalse();
    assertThat(executionCount(runId)).isEqualTo(executions);
    assertThat(nodeStatus(runId, "echo")).isEqualTo("CANCELLED");
    assertThat(awaitRunEvents(runId, 5))
        .containsExactly(
            EventTypes.RUN_STARTED,
            EventTypes.NODE_STARTED,
            EventTypes.NODE_COMPLETED,
            EventTypes.NODE_STARTED,
            EventTypes.RUN_CANCELLED);

    HttpResponse<String> again = post("/api/v1/runs/" + runId + "/cancel", "", "tenant-g", null);
    assertThat(again.statusCode()).isEqualTo(409);
    JsonNode problem = json.readTree(again.body());
    assertThat(problem.get("type").asString()).isEqualTo("https://flowmesh.io/problems/conflict");
    assertThat(problem.get("detail").asString()).contains("is CANCELLED");
    assertThat(post("/api/v1/runs/" + runId + "/cancel", "", "tenant-x", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void versionsAreListedAndADisabledWorkflowStartsNoRunsUntilEnabled() throws Exception {
    post("/api/v1/workflow-definitions", HELLO, "tenant-h", null);
    post(
        "/api/v1/workflow-definitions",
        HELLO.replace("\"Hello\"", "\"Hello 2\""),
        "tenant-h",
        null);

    JsonNode versions =
        json.readTree(get("/api/v1/workflow-definitions/hello/versions", "tenant-h").body());
    assertThat(versions.size()).isEqualTo(2);
    assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
    assertThat(versions.get(0).get("name").asString()).isEqualTo("Hello 2");
    assertThat(versions.get(1).get("version").asInt()).isEqualTo(1);
    assertThat(get("/api/v1/workflow-definitions/hello/versions", "tenant-y").statusCode())
        .isEqualTo(404);

    assertThat(
            post("/api/v1/workflow-definitions/hello/disable", "", "tenant-h", null).statusCode())
        .isEqualTo(204);
    HttpResponse<String> refused =
        post("/api/v1/runs", "{\"workflowId\":\"hello\"}", "tenant-h", null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(json.readTree(refused.body()).get("detail").asString()).contains("is disabled");
    HttpResponse<String> twice =
        post("/api/v1/workflow-definitions/hello/disable", "", "tenant-h", null);
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(json.readTree(twice.body()).get("detail").asString()).contains("already disabled");
    // another tenant's workflow of the same id is unaffected
    post("/api/v1/workflow-definitions", HELLO, "tenant-i", null);
    assertThat(post("/api/v1/runs", "{\"workflowId\":\"hello\"}", "tenant-i", null).statusCode())
        .isEqualTo(202);

    assertThat(post("/api/v1/workflow-definitions/hello/enable", "", "tenant-h", null).statusCode())
        .isEqualTo(204);
    assertThat(post("/api/v1/runs", "{\"workflowId\":\"hello\"}", "tenant-h", null).statusCode())
        .isEqualTo(202);
    assertThat(post("/api/v1/workflow-definitions/hello/enable", "", "tenant-h", null).statusCode())
        .isEqualTo(409);
    assertThat(
            post("/api/v1/workflow-definitions/ghost/disable", "", "tenant-h", null).statusCode())
        .isEqualTo(404);
  }

  private static final String GATED =
      """
      {"id":"gated","nodes":[
        {"id":"trigger","type":"trigger"},
        {"id":"approval","type":"approval-gate","config":{"eventName":"approved"}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"trigger","target":"approval"},{"source":"approval","target":"end"}]}
      """;

  @Test
  void anApprovalGateWaitsForItsEventAndCompletesWithItsData() throws Exception {
    assertThat(post("/api/v1/workflow-definitions", GATED, "tenant-j", null).statusCode())
        .isEqualTo(201);
    String runId =
        json.readTree(post("/api/v1/runs", "{\"workflowId\":\"gated\"}", "tenant-j", null).body())
            .get("runId")
            .asString();
    assertThat(nodeStatus(runId, "approval")).isEqualTo("RUNNING");
    assertThat(run(runId, "tenant-j").get("status").asString()).isEqualTo("WAITING");

    HttpResponse<String> wrongEvent =
        post("/api/v1/runs/" + runId + "/events", "{\"eventName\":\"rejected\"}", "tenant-j", null);
    assertThat(wrongEvent.statusCode()).isEqualTo(409);
    assertThat(json.readTree(wrongEvent.body()).get("detail").asString())
        .contains("not waiting for event 'rejected'")
        .contains("[approved]");
    assertThat(
            post("/api/v1/runs/" + runId + "/events", "{\"eventData\":{}}", "tenant-j", null)
                .statusCode())
        .isEqualTo(400);

    HttpResponse<String> approved =
        post(
            "/api/v1/runs/" + runId + "/events",
            "{\"eventName\":\"approved\",\"eventData\":{\"by\":\"ann\"}}",
            "tenant-j",
            null);
    assertThat(approved.statusCode()).isEqualTo(200);
    JsonNode run = json.readTree(approved.body());
    assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(run.get("outputs").get("approval").get("by").asString()).isEqualTo("ann");

    HttpResponse<String> late =
        post("/api/v1/runs/" + runId + "/events", "{\"eventName\":\"approved\"}", "tenant-j", null);
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(json.readTree(late.body()).get("detail").asString()).contains("is COMPLETED");
  }

  @Test
  void aTimeoutBranchOnAGateWithoutATimeoutIsRefused() throws Exception {
    HttpResponse<String> saved =
        post(
            "/api/v1/workflow-definitions",
            GATED
                .replace(
                    "{\"id\":\"end\",\"type\":\"end\"}",
                    "{\"id\":\"end\",\"type\":\"end\"},{\"id\":\"late\",\"type\":\"end\"}")
                .replace(
                    "{\"source\":\"approval\",\"target\":\"end\"}",
                    "{\"source\":\"approval\",\"target\":\"end\"},"
                        + "{\"source\":\"approval\",\"target\":\"late\",\"sourceHandle\":\"timeout\"}"),
            "tenant-j",
            null);
    assertThat(saved.statusCode()).isEqualTo(400);
    JsonNode error = json.readTree(saved.body()).get("errors").get(0);
    assertThat(error.get("field").asString()).isEqualTo("edges[2].sourceHandle");
    assertThat(error.get("message").asString()).contains("approval gate without a timeout");
  }

  @Test
  void theSameBusinessKeyStartsOneRunPerWorkflow() throws Exception {
    post("/api/v1/workflow-definitions", HELLO, "tenant-k", null);
    String body = "{\"workflowId\":\"hello\",\"businessKey\":\"order-42\"}";

    String first =
        json.readTree(post("/api/v1/runs", body, "tenant-k", null).body()).get("runId").asString();
    String again =
        json.readTree(post("/api/v1/runs", body, "tenant-k", null).body()).get("runId").asString();
    String other =
        json.readTree(
                post("/api/v1/runs", body.replace("order-42", "order-43"), "tenant-k", null).body())
            .get("runId")
            .asString();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM runs WHERE tenant = 'tenant-k' AND business_key = 'order-42'")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(
            post("/api/v1/runs", "{\"workflowId\":\"hello\",\"businessKey\":7}", "tenant-k", null)
                .statusCode())
        .isEqualTo(400);
  }

  private String startHello(String tenant) throws Exception {
    return json.readTree(
            post(
                    "/api/v1/runs",
                    "{\"workflowId\":\"hello\",\"input\":{\"message\":\"m\"}}",
                    tenant,
                    null)
                .body())
        .get("runId")
        .asString();
  }

  private String nodeStatus(String runId, String nodeId) {
    return jdbc.sql("SELECT status FROM node_executions WHERE run_id = :run AND node_id = :node")
        .param("run", runId)
        .param("node", nodeId)
        .query(String.class)
        .optional()
        .orElse("");
  }

  @Test
  void aDefinitionWithABrokenCelExpressionIsRejectedNamingNodeAndField() throws Exception {
    HttpResponse<String> saved =
        post(
            "/api/v1/workflow-definitions",
            BRANCHING.replace("nodes.echo.size == 'big' &&", "nodes.echo.size ==  &&"),
            "tenant-e",
            null);

    assertThat(saved.statusCode()).isEqualTo(400);
    assertThat(saved.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(saved.body());
    assertThat(problem.get("errors").get(0).get("field").asString())
        .isEqualTo("nodes[2].config.expression");
    assertThat(problem.get("errors").get(0).get("message").asString())
        .contains("condition node 'isBig'");
  }

  @Test
  void theSeedsInlineDefinitionFormStartsARun() throws Exception {
    HttpResponse<String> started =
        post(
            "/api/v1/runs",
            "{\"definition\":" + HELLO + ",\"triggerData\":{\"message\":\"x\"}}",
            "tenant-b",
            "key-1");
    assertThat(started.statusCode()).isEqualTo(202);
    JsonNode body = json.readTree(started.body());
    assertThat(body.get("workflowId").asString()).isEqualTo("hello");
    assertThat(body.get("status").asString()).isEqualTo("RUNNING");

    // Same Idempotency-Key, same run.
    HttpResponse<String> again =
        post(
            "/api/v1/runs",
            "{\"definition\":" + HELLO + ",\"triggerData\":{\"message\":\"x\"}}",
            "tenant-b",
            "key-1");
    assertThat(json.readTree(again.body()).get("runId").asString())
        .isEqualTo(body.get("runId").asString());
  }

  @Test
  void anotherTenantCannotSeeTheRun() throws Exception {
    post("/api/v1/workflow-definitions", HELLO, "tenant-c", null);
    String runId =
        json.readTree(
                post(
                        "/api/v1/runs",
                        "{\"workflowId\":\"hello\",\"input\":{\"message\":\"m\"}}",
                        "tenant-c",
                        null)
                    .body())
            .get("runId")
            .asString();

    HttpResponse<String> foreign = get("/api/v1/runs/" + runId, "tenant-d");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(json.readTree(foreign.body()).get("type").asString())
        .isEqualTo("https://flowmesh.io/problems/not-found");
  }

  @Test
  void badInputGetsPreciseProblems() throws Exception {
    HttpResponse<String> unknownFunction =
        post("/api/v1/workflow-definitions", HELLO.replace("core/echo", "core/nope"), "t", null);
    assertThat(unknownFunction.statusCode()).isEqualTo(400);
    assertThat(unknownFunction.headers().firstValue("content-type"))
        .hasValue("application/problem+json");
    JsonNode problem = json.readTree(unknownFunction.body());
    assertThat(problem.get("errors").get(0).get("field").asString())
        .isEqualTo("nodes[1].config.actionId");
    assertThat(problem.get("errors").get(0).get("message").asString()).contains("core/nope");

    HttpResponse<String> malformed = post("/api/v1/runs", "{\"workflowId\": ", "t", null);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("malformed-request").doesNotContain("Exception");

    HttpResponse<String> wrongType =
        post("/api/v1/runs", "{\"workflowId\":\"hello\",\"input\":[1]}", "t", null);
    assertThat(wrongType.statusCode()).isEqualTo(400);

    HttpResponse<String> unknownWorkflow =
        post("/api/v1/runs", "{\"workflowId\":\"ghost\"}", "t", null);
    assertThat(unknownWorkflow.statusCode()).isEqualTo(404);
    assertThat(unknownWorkflow.body()).contains("ghost");

    HttpResponse<String> bypass =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs/x"))
                .header(InternalHeaders.TENANT, "t")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bypass.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> post(String path, String body, String tenant, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("content-type", "application/json")
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String tenant)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode run(String runId, String tenant) throws Exception {
    return json.readTree(get("/api/v1/runs/" + runId, tenant).body());
  }

  private int executionCount(String runId) {
    return jdbc.sql("SELECT count(*) FROM node_executions WHERE run_id = :id")
        .param("id", runId)
        .query(Integer.class)
        .single();
  }

  private FunctionRequested awaitFunctionRequest(String runId) {
    return awaitFunctionRequests(runId, 1).getFirst();
  }

  private List<FunctionRequested> awaitFunctionRequests(String runId, int expected) {
    try (TopicReader reader = TopicReader.fromBeginning(Topics.FUNCTION_REQUESTS)) {
      return reader
          .awaitRecords(e -> runId.equals(e.key()), expected, Duration.ofSeconds(30))
          .stream()
          .map(e -> json.readValue(e.data(), FunctionRequested.class))
          .toList();
    }
  }

  private List<String> awaitRunEvents(String runId, int expected) {
    try (TopicReader reader = TopicReader.fromBeginning(Topics.RUN_EVENTS)) {
      return reader
          .awaitRecords(e -> runId.equals(e.key()), expected, Duration.ofSeconds(30))
          .stream()
          .map(InboundEvent::type)
          .toList();
    }
  }

  private void publishResult(String tenant, FunctionSucceeded result) {
    publishResult(tenant, result, result.runId());
  }

  private void publishResult(String tenant, FunctionSucceeded result, String key) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      var event =
          CloudEventBuilder.v1()
              .withId(UUID.randomUUID().toString())
              .withSource(URI.create("/flowmesh/function-runner-service"))
              .withType(EventTypes.FUNCTION_SUCCEEDED)
              .withSubject(result.runId())
              .withExtension("tenant", tenant)
              .withDataContentType("application/json")
              .withData(json.writeValueAsBytes(result))
              .build();
      producer.send(
          KafkaMessageFactory.createWriter(Topics.FUNCTION_RESULTS, key).writeBinary(event));
    }
  }
}
