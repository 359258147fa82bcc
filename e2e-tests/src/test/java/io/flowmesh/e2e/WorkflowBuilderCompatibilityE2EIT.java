package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowmesh.launcher.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Workflow Builder's documents, copied unchanged from its architecture page into {@code
 * src/test/resources/seed-001} (the README there names each file's section), run against the whole
 * platform through the gateway: its node examples in one workflow started with {@code POST
 * /api/v2/workflows}, its template {@code {{FetchData.data.content}}} reading an HTTP response body
 * from a local server, an approval gate resumed through {@code /api/v2/workflows/{id}/events}, and
 * the other calls of its API on the same runs as {@code /api/v1}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class WorkflowBuilderCompatibilityE2EIT {

  private static final String CONTENT = "Flowmesh keeps every run durable.";

  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<String, List<Map<String, String>>> received = new ConcurrentHashMap<>();
  private GatewayClient gateway;
  private HttpServer api;

  @BeforeAll
  void startApi(Platform platform) throws Exception {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // what "Fetch Data" reads: the body's content field is what {{FetchData.data.content}} means
    api.createContext("/data", exchange -> answer(exchange, "{\"content\": \"" + CONTENT + "\"}"));
    // openai/generate-text, registered below as an HTTP function: it answers with the prompt
    api.createContext(
        "/openai",
        exchange -> {
          JsonNode input = json.readTree(exchange.getRequestBody().readAllBytes());
          String prompt = input.path("aiPrompt").asString();
          answer(exchange, json.writeValueAsString(Map.of("text", "Summary of: " + prompt)));
        });
    api.start();
    gateway = new GatewayClient(platform.gatewayUrl(), platform.apiKey());

    HttpResponse<String> registered =
        gateway.post(
            "/api/v1/functions",
            """
            {"slug": "openai/generate-text", "name": "Generate text", "executionType": "http",
             "webhookUrl": "%s/openai"}"""
                .formatted(apiUrl()));
    assertThat(registered.statusCode()).as(registered.body()).isIn(201, 409);
  }

  @AfterAll
  void stopApi() {
    if (api != null) {
      api.stop(0);
    }
  }

  @Test
  void theNodeExamplesRunInOneWorkflowAndItsApprovalGateResumesThroughTheEventsCall()
      throws Exception {
    String token = "token-" + UUID.randomUUID();
    ObjectNode definition = definition("seed-node-examples");
    ArrayNode nodes = definition.putArray("nodes");
    nodes.add(node("trigger", "trigger", "Start", json.createObjectNode()));
    nodes.add(node("uuid-1", "action", "Get UUID", config("{\"actionId\": \"core/uuid\"}")));
    // Node Configuration Examples, Action Node (HTTP Request). The one edit: its URL is the test's
    // local server instead of https://api.example.com/data, which this machine cannot reach.
    ObjectNode fetch = resource("node-http-request.json");
    ((ObjectNode) fetch.get("config")).put("url", apiUrl() + "/data");
    nodes.add(fetch);
    // Node Configuration Examples, Action Node (OpenAI)
    nodes.add(resource("node-openai.json"));
    // Template Variable Resolution, Example: the config of a node labelled after its message
    ObjectNode echo = node("echo-1", "action", "Report", resource("template-example.json"));
    ((ObjectNode) echo.get("config")).put("actionId", "core/echo");
    nodes.add(echo);
    // Node Configuration Examples, Approval Gate
    nodes.add(resource("node-approval-gate.json"));
    chain(definition, "trigger", "uuid-1", "action-1", "action-2", "echo-1", "approval-1");
    definition.set(
        "executionOrder",
        json.valueToTree(
            List.of("trigger", "uuid-1", "action-1", "action-2", "echo-1", "approval-1")));

    String instanceId =
        start(
            json.createObjectNode()
                .<ObjectNode>set("definition", definition)
                .set("triggerData", json.createObjectNode().put("token", token)));

    JsonNode waiting = awaitStatus(instanceId, "RUNNING", "waiting");
    assertThat(waiting.get("progress").asInt()).isBetween(50, 99);
    assertThat(received.get("/data"))
        .singleElement()
        .satisfies(
            request -> assertThat(request).containsEntry("authorization", "Bearer " + token));

    HttpResponse<String> raised =
        gateway.post(
            "/api/v2/workflows/" + instanceId + "/events",
            "{\"eventName\": \"manager_approval\", \"eventData\": {\"approved\": true}}");
    assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);

    JsonNode done = awaitStatus(instanceId, "COMPLETED", "completed");
    assertThat(done.get("progress").asInt()).isEqualTo(100);
    assertThat(done.get("completedAt").isNull()).isFalse();
    JsonNode outputs = done.get("outputs");
    assertThat(outputs.get("trigger").get("token").asString()).isEqualTo(token);
    assertThat(outputs.get("action-1").get("success").asBoolean()).isTrue();
    assertThat(outputs.get("action-1").get("data").get("content").asString()).isEqualTo(CONTENT);
    assertThat(outputs.get("action-2").get("data").get("text").asString())
        .isEqualTo("Summary of: Summarize: " + CONTENT);
    String uuid = outputs.get("uuid-1").get("data").get("uuid").asString();
    assertThat(outputs.get("echo-1").get("data").get("message").asString())
        .isEqualTo("UUID generated: " + uuid);
    assertThat(outputs.get("approval-1").get("data").get("approved").asBoolean()).isTrue();

    // the same run through /api/v1, with the outputs as they are stored
    JsonNode run = gateway.getJson("/api/v1/runs/" + instanceId);
    assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(run.get("outputs").get("action-1").get("body").get("content").asString())
        .isEqualTo(CONTENT);
  }

  @Test
  void theApiReferenceCallsStartRaiseAnEventPauseResumeTerminateAndPurge() throws Exception {
    // API Reference, Start Workflow: its definition with the nodes and edges it leaves out, a
    // gate named node-1 (the name Raise Event uses) and the Timer Node example as node-2.
    ObjectNode definition = definition("my-workflow");
    definition.put("name", "My Workflow");
    ArrayNode nodes = definition.putArray("nodes");
    nodes.add(node("trigger", "trigger", "Start", json.createObjectNode()));
    ObjectNode gate = resource("node-approval-gate.json");
    gate.put("id", "node-1");
    nodes.add(gate);
    ObjectNode timer = resource("node-timer.json");
    timer.put("id", "node-2");
    nodes.add(timer);
    chain(definition, "trigger", "node-1", "node-2");
    definition.set("executionOrder", json.valueToTree(List.of("node-1", "node-2")));
    ObjectNode request = json.createObjectNode();
    request.set("definition", definition);
    request.set("triggerData", json.createObjectNode().put("input", "value"));
    request.set(
        "integrations",
        json.createObjectNode().set("openai", json.createObjectNode().put("apiKey", "sk-...")));

    HttpResponse<String> started = gateway.post("/api/v2/workflows", request.toString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode answer = json.readTree(started.body());
    assertThat(answer.get("workflowId").asString()).isEqualTo("my-workflow");
    assertThat(answer.get("status").asString()).isEqualTo("started");
    String instanceId = answer.get("instanceId").asString();
    awaitStatus(instanceId, "RUNNING", "waiting");

    // API Reference, Raise Event (for Approval Gates), verbatim
    HttpResponse<String> raised =
        gateway.post("/api/v2/workflows/" + instanceId + "/events", seed("raise-event.json"));
    assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> status(instanceId).get("outputs").has("node-1"));
    JsonNode afterGate = status(instanceId);
    assertThat(afterGate.get("outputs").get("node-1").get("data").get("reason").asString())
        .isEqualTo("Looks good");
    // the Timer Node example now waits its five minutes
    assertThat(afterGate.get("phase").asString()).isEqualTo("waiting");

    assertThat(operate(instanceId, "pause").get("runtimeStatus").asString()).isEqualTo("SUSPENDED");
    assertThat(gateway.getJson("/api/v1/runs/" + instanceId).get("status").asString())
        .isEqualTo("PAUSED");
    assertThat(operate(instanceId, "resume").get("runtimeStatus").asString()).isEqualTo("RUNNING");
    JsonNode terminated = operate(instanceId, "terminate");
    assertThat(terminated.get("runtimeStatus").asString()).isEqualTo("TERMINATED");
    assertThat(terminated.get("phase").asString()).isEqualTo("terminated");

    HttpResponse<String> again = gateway.post("/api/v2/workflows/" + instanceId + "/terminate", "");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

    assertThat(gateway.delete("/api/v2/workflows/" + instanceId).statusCode()).isEqualTo(204);
    assertThat(gateway.get("/api/v2/workflows/" + instanceId + "/status").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aRunStartedThroughTheFirstApiIsReadThroughTheWorkflowBuilderApi() throws Exception {
    HttpResponse<String> saved =
        gateway.post(
            "/api/v1/workflow-definitions",
            """
            {"id": "v1-started", "nodes": [
              {"id": "trigger", "type": "trigger", "config": {}},
              {"id": "echo", "type": "action", "label": "Echo",
               "config": {"actionId": "core/echo", "message": "{{trigger.message}}"}}],
             "edges": [{"id": "e1", "source": "trigger", "target": "echo"}]}""");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    HttpResponse<String> started =
        gateway.post(
            "/api/v1/runs", "{\"workflowId\": \"v1-started\", \"input\": {\"message\": \"hi\"}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = json.readTree(started.body()).get("runId").asString();

    JsonNode done = awaitStatus(runId, "COMPLETED", "completed");
    assertThat(done.get("instanceId").asString()).isEqualTo(runId);
    assertThat(done.get("outputs").get("echo").get("data").get("message").asString())
        .isEqualTo("hi");
  }

  @Test
  void theFunctionRunnersExecuteCallRunsAFunctionOnceByItsExecutionId() throws Exception {
    // API Reference, Function Runner API, verbatim
    String request = seed("execute-request.json");

    HttpResponse<String> first = gateway.post("/execute", request);
    HttpResponse<String> again = gateway.post("/execute", request);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode answer = json.readTree(first.body());
    assertThat(answer.get("success").asBoolean()).isTrue();
    assertThat(answer.get("execution_id").asString()).isEqualTo("exec-123");
    assertThat(answer.get("data").get("text").asString())
        .isEqualTo("Summary of: Write a haiku about clouds");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(received.get("/openai"))
        .as("calls of openai/generate-text by the execute call")
        .filteredOn(call -> call.get("x-flowmesh-run-id") == null)
        .hasSize(1);
  }

  @Test
  void aStartWithoutADefinitionIsAProblemNamingTheField() throws Exception {
    HttpResponse<String> refused =
        gateway.post("/api/v2/workflows", "{\"triggerData\": {\"input\": \"value\"}}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json.readTree(refused.body()).get("detail").asString()).contains("definition");
  }

  private String start(JsonNode request) throws Exception {
    HttpResponse<String> started = gateway.post("/api/v2/workflows", request.toString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return json.readTree(started.body()).get("instanceId").asString();
  }

  private JsonNode awaitStatus(String instanceId, String runtimeStatus, String phase)
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode status = status(instanceId);
              return runtimeStatus.equals(status.path("runtimeStatus").asString())
                  && phase.equals(status.path("phase").asString());
            });
    return status(instanceId);
  }

  private JsonNode status(String instanceId) throws Exception {
    return gateway.getJson("/api/v2/workflows/" + instanceId + "/status");
  }

  private JsonNode operate(String instanceId, String operation) throws Exception {
    HttpResponse<String> answer =
        gateway.post("/api/v2/workflows/" + instanceId + "/" + operation, "");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return json.readTree(answer.body());
  }

  /** A definition in the Workflow Builder's shape: semantic version and metadata. */
  private ObjectNode definition(String id) {
    ObjectNode definition = json.createObjectNode();
    definition.put("id", id);
    definition.put("name", id);
    definition.put("version", "1.0.0");
    definition.set(
        "metadata",
        json.createObjectNode()
            .put("description", "The Workflow Builder's examples")
            .put("author", "e2e")
            .set("tags", json.valueToTree(List.of("seed"))));
    return definition;
  }

  private ObjectNode node(String id, String type, String label, JsonNode config) {
    ObjectNode node = json.createObjectNode();
    node.put("id", id);
    node.put("type", type);
    node.put("label", label);
    node.put("enabled", true);
    node.set("position", json.createObjectNode().put("x", 0).put("y", 0));
    node.set("config", config.has("config") ? config.get("config") : config);
    return node;
  }

  private JsonNode config(String config) {
    return json.readTree(config);
  }

  /** Edges from each node to the next, in the Workflow Builder's shape. */
  private void chain(ObjectNode definition, String... nodeIds) {
    ArrayNode edges = definition.putArray("edges");
    for (int i = 1; i < nodeIds.length; i++) {
      edges.add(
          json.createObjectNode()
              .put("id", "e" + i)
              .put("source", nodeIds[i - 1])
              .put("target", nodeIds[i]));
    }
  }

  private ObjectNode resource(String name) throws IOException {
    return (ObjectNode) json.readTree(seed(name));
  }

  private String seed(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/seed-001/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String apiUrl() {
    return "http://127.0.0.1:" + api.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, String body) throws IOException {
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
    received
        .computeIfAbsent(exchange.getRequestURI().getPath(), k -> new CopyOnWriteArrayList<>())
        .add(headers);
    JsonAnswer.send(exchange, body);
  }
}
