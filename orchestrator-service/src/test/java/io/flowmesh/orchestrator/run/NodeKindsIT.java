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
import io.flowmesh.model.function.FunctionFailed;
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
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manual-task, publish-event, sub-workflow and for-each nodes through the orchestrator's HTTP
 * API with real PostgreSQL and Kafka. The function runner's side of the Kafka contract is played by
 * the test; its registry lookup by a loopback HTTP server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NodeKindsIT {

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
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  private static final String REVIEW =
      """
      {"id":"review","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"task","type":"manual-task","label":"Review","config":{
          "assignee":"{{trigger.manager}}","title":"Approve {{trigger.amount}} EUR",
          "form":{"type":"object","required":["approved"],"additionalProperties":false,
                  "properties":{"approved":{"type":"boolean"},"comment":{"type":"string"}}}}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"task"},{"source":"task","target":"done"}]}
      """;

  @Test
  void aManualTaskWaitsIsListedAndCompletesWithValidatedData() throws Exception {
    String tenant = "tasks-" + UUID.randomUUID();
    assertThat(post("/api/v1/workflow-definitions", REVIEW, tenant).statusCode()).isEqualTo(201);
    String runId = startRun(tenant, "review", "{\"manager\":\"ann\",\"amount\":120}");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                json.readTree(get("/api/v1/runs/" + runId + "/tasks", tenant).body()).size() == 1);
    JsonNode task = json.readTree(get("/api/v1/runs/" + runId + "/tasks", tenant).body()).get(0);
    String taskId = task.get("taskId").asString();
    assertThat(task.get("status").asString()).isEqualTo("OPEN");
    assertThat(task.get("assignee").asString()).isEqualTo("ann");
    assertThat(task.get("title").asString()).isEqualTo("Approve 120 EUR");
    assertThat(task.get("form").get("required").get(0).asString()).isEqualTo("approved");
    assertThat(status(runId, tenant)).isEqualTo("WAITING");

    // the inbox across runs, filtered by assignee and status
    JsonNode inbox =
        json.readTree(get("/api/v1/runs/tasks?assignee=ann&status=OPEN", tenant).body());
    assertThat(inbox.get("items"))
        .extracting(i -> i.get("taskId").asString())
        .containsExactly(taskId);
    assertThat(json.readTree(get("/api/v1/runs/tasks?assignee=bob", tenant).body()).get("items"))
        .isEmpty();
    assertThat(get("/api/v1/runs/tasks?status=DONE", tenant).statusCode()).isEqualTo(400);

    // another tenant sees nothing of it
    assertThat(get("/api/v1/runs/" + runId + "/tasks", "intruder").statusCode()).isEqualTo(404);
    assertThat(complete(runId, taskId, "{\"data\":{\"approved\":true}}", "intruder").statusCode())
        .isEqualTo(404);
    assertThat(json.readTree(get("/api/v1/runs/tasks", "intruder").body()).get("items")).isEmpty();
    assertThat(complete(runId, "tsk_nope", "{\"data\":{}}", tenant).statusCode()).isEqualTo(404);

    // data that breaks the form: every field named, nothing changes
    HttpResponse<String> invalid =
        complete(runId, taskId, "{\"data\":{\"approved\":\"yes\",\"extra\":1}}", tenant);
    assertThat(invalid.statusCode()).isEqualTo(400);
    JsonNode problem = json.readTree(invalid.body());
    assertThat(problem.get("errors"))
        .extracting(e -> e.get("field").asString())
        .contains("data.approved", "data");
    assertThat(invalid.body()).contains("extra");
    assertThat(status(runId, tenant)).isEqualTo("WAITING");

    HttpResponse<String> done =
        complete(runId, taskId, "{\"data\":{\"approved\":true,\"comment\":\"ok\"}}", tenant);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(json.readTree(done.body()).get("status").asString()).isEqualTo("COMPLETED");
    JsonNode run = json.readTree(get("/api/v1/runs/" + runId, tenant).body());
    assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(run.get("outputs").get("task").get("approved").asBoolean()).isTrue();

    // completing twice is a conflict that says why
    HttpResponse<String> twice = complete(runId, taskId, "{\"data\":{\"approved\":false}}", tenant);
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.body()).contains("already completed");
    assertThat(
            json.readTree(get("/api/v1/runs/tasks?status=COMPLETED", tenant).body())
                .get("items")
                .get(0)
                .get("data")
                .get("comment")
                .asString())
        .isEqualTo("ok");
  }

  @Test
  void theTaskEndpointsAreInTheOpenApiDocument() throws Exception {
    HttpResponse<String> docs = get("/v3/api-docs", "any");
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode paths = json.readTree(docs.body()).get("paths");

    assertThat(paths.get("/api/v1/runs/tasks").get("get").get("summary").asString())
        .contains("across runs");
    assertThat(paths.get("/api/v1/runs/{runId}/tasks").has("get")).isTrue();
    assertThat(
            paths
                .get("/api/v1/runs/{runId}/tasks/{taskId}/complete")
                .get("post")
                .get("description")
                .asString())
        .contains("JSON Schema")
        .contains("409");
  }

  @Test
  void aTaskOfACancelledRunCannotBeCompleted() throws Exception {
    String tenant = "tasks-" + UUID.randomUUID();
    assertThat(post("/api/v1/workflow-definitions", REVIEW, tenant).statusCode()).isEqualTo(201);
    String runId = startRun(tenant, "review", "{\"manager\":\"ann\",\"amount\":1}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                json.readTree(get("/api/v1/runs/" + runId + "/tasks", tenant).body()).size() == 1);
    String taskId =
        json.readTree(get("/api/v1/runs/" + runId + "/tasks", tenant).body())
            .get(0)
            .get("taskId")
            .asString();

    assertThat(post("/api/v1/runs/" + runId + "/cancel", "{}", tenant).statusCode()).isEqualTo(200);

    HttpResponse<String> late = complete(runId, taskId, "{\"data\":{\"approved\":true}}", tenant);
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("CANCELLED");
    assertThat(
            json.readTree(get("/api/v1/runs/" + runId + "/tasks", tenant).body())
                .get(0)
                .get("status")
                .asString())
        .isEqualTo("CANCELLED");
  }

  @Test
  void aPublishEventNodePublishesTheCloudEventOnTheEventsTopic() throws Exception {
    String tenant = "events-" + UUID.randomUUID();
    String subject = "order-" + UUID.randomUUID();
    String definition =
        """
        {"id":"announce","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"pub","type":"publish-event","config":{"type":"com.acme.order.shipped",
            "subject":"{{trigger.subject}}","data":{"order":"{{trigger.order}}"}}},
          {"id":"done","type":"end"}],
         "edges":[{"source":"t","target":"pub"},{"source":"pub","target":"done"}]}
        """;
    assertThat(post("/api/v1/workflow-definitions", definition, tenant).statusCode())
        .isEqualTo(201);

    String runId = startRun(tenant, "announce", "{\"subject\":\"" + subject + "\",\"order\":12}");

    awaitStatus(runId, tenant, "COMPLETED");
    InboundEvent event = awaitEvents(Topics.EVENTS, r -> subject.equals(r.key()), 1).getFirst();
    assertThat(event.type()).isEqualTo("com.acme.order.shipped");
    assertThat(event.tenant()).isEqualTo(tenant);
    assertThat(json.readTree(event.data()).get("order").asInt()).isEqualTo(12);
    assertThat(
            json.readTree(get("/api/v1/runs/" + runId, tenant).body())
                .get("outputs")
                .get("pub")
                .get("subject")
                .asString())
        .isEqualTo(subject);

    HttpResponse<String> reserved =
        post(
            "/api/v1/workflow-definitions",
            definition.replace("com.acme.order.shipped", "io.flowmesh.run.completed.v1"),
            tenant);
    assertThat(reserved.statusCode()).isEqualTo(400);
    assertThat(reserved.body()).contains("nodes[1].config.type").contains("reserved");
  }

  private static final String CHILD =
      """
      {"id":"child","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"ship","type":"action","config":{"function":"core/echo",
          "input":{"order":"{{trigger.order}}"}}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"ship"},{"source":"ship","target":"done"}]}
      """;

  private static String parent(String id, String policy) {
    return """
        {"id":"%s","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"sub","type":"sub-workflow","config":{"workflowId":"child",
            "onChildFailure":"%s","input":{"order":"{{trigger.order}}"}}},
          {"id":"done","type":"end"}],
         "edges":[{"source":"t","target":"sub"},{"source":"sub","target":"done"}]}
        """
        .formatted(id, policy);
  }

  /** Runs of a parent that fails when its child does ({@code fail}) and one that continues. */
  private List<String> startStrictAndLenientParents(String tenant) throws Exception {
    assertThat(post("/api/v1/workflow-definitions", CHILD, tenant).statusCode()).isEqualTo(201);
    for (String[] parent : new String[][] {{"strict", "fail"}, {"lenient", "continue"}}) {
      assertThat(
              post("/api/v1/workflow-definitions", parent(parent[0], parent[1]), tenant)
                  .statusCode())
          .isEqualTo(201);
    }
    return List.of(
        startRun(tenant, "strict", "{\"order\":1}"), startRun(tenant, "lenient", "{\"order\":2}"));
  }

  private String childOf(String tenant, String parentRunId) {
    return jdbc.sql(
            "SELECT child_run_id FROM sub_runs WHERE tenant = :tenant AND parent_run_id = :id")
        .param("tenant", tenant)
        .param("id", parentRunId)
        .query(String.class)
        .single();
  }

  @Test
  void aSubWorkflowWaitsForItsChildAndContinuesWithTheChildsOutputs() throws Exception {
    String tenant = "sub-" + UUID.randomUUID();
    HttpResponse<String> unknown =
        post("/api/v1/workflow-definitions", parent("p", "fail"), tenant);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("nodes[1].config.workflowId").contains("'child'");
    assertThat(post("/api/v1/workflow-definitions", CHILD, tenant).statusCode()).isEqualTo(201);
    assertThat(post("/api/v1/workflow-definitions", parent("p", "fail"), tenant).statusCode())
        .isEqualTo(201);

    String parentId = startRun(tenant, "p", "{\"order\":5}");
    String childId = childOf(tenant, parentId);
    FunctionRequested request = awaitFunctionRequests(childId, 1).getFirst();
    assertThat(request.input()).isEqualTo(java.util.Map.of("order", 5));
    assertThat(status(parentId, tenant)).isEqualTo("WAITING");

    succeed(tenant, request, java.util.Map.of("tracking", "T-5"));

    awaitStatus(parentId, tenant, "COMPLETED");
    JsonNode sub =
        json.readTree(get("/api/v1/runs/" + parentId, tenant).body()).get("outputs").get("sub");
    assertThat(sub.get("runId").asString()).isEqualTo(childId);
    assertThat(sub.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(sub.get("outputs").get("ship").get("tracking").asString()).isEqualTo("T-5");
    // the child's end advanced the parent exactly once, also if its event is read again
    assertThat(
            jdbc.sql("SELECT count(*) FROM node_executions WHERE run_id = :id AND node_id = 'done'")
                .param("id", parentId)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aFailedChildFailsOrContinuesTheParentByPolicy() throws Exception {
    String tenant = "sub-" + UUID.randomUUID();
    List<String> parents = startStrictAndLenientParents(tenant);
    String strict = parents.get(0);
    String lenient = parents.get(1);
    for (String parentId : List.of(strict, lenient)) {
      FunctionRequested request = awaitFunctionRequests(childOf(tenant, parentId), 1).getFirst();
      fail(
          tenant,
          request,
          new FunctionFailed(
              request.executionId(),
              request.runId(),
              request.nodeId(),
              request.attempt(),
              new io.flowmesh.model.run.ExecutionError("HTTP_500", "carrier down", false),
              java.time.Instant.now()));
    }

    awaitStatus(strict, tenant, "FAILED");
    JsonNode error = json.readTree(get("/api/v1/runs/" + strict, tenant).body()).get("error");
    assertThat(error.get("code").asString()).isEqualTo("CHILD_RUN_FAILED");
    assertThat(error.get("message").asString())
        .contains("sub-workflow node 'sub'")
        .contains("HTTP_500")
        .contains("carrier down");

    awaitStatus(lenient, tenant, "COMPLETED");
    JsonNode sub =
        json.readTree(get("/api/v1/runs/" + lenient, tenant).body()).get("outputs").get("sub");
    assertThat(sub.get("status").asString()).isEqualTo("FAILED");
    assertThat(sub.get("error").get("code").asString()).isEqualTo("HTTP_500");
  }

  @Test
  void cancellingTheParentCancelsTheChild() throws Exception {
    String tenant = "sub-" + UUID.randomUUID();
    assertThat(post("/api/v1/workflow-definitions", CHILD, tenant).statusCode()).isEqualTo(201);
    assertThat(post("/api/v1/workflow-definitions", parent("p", "fail"), tenant).statusCode())
        .isEqualTo(201);
    String parentId = startRun(tenant, "p", "{\"order\":3}");
    String childId = childOf(tenant, parentId);

    assertThat(post("/api/v1/runs/" + parentId + "/cancel", "{}", tenant).statusCode())
        .isEqualTo(200);

    assertThat(status(childId, tenant)).isEqualTo("CANCELLED");
    assertThat(status(parentId, tenant)).isEqualTo("CANCELLED");
  }

  @Test
  void aChildCancelledThroughTheApiFailsItsParentsNodeOrLetsItContinueByPolicy() throws Exception {
    String tenant = "sub-" + UUID.randomUUID();
    List<String> parents = startStrictAndLenientParents(tenant);
    String strict = parents.get(0);
    String lenient = parents.get(1);

    for (String parentId : List.of(strict, lenient)) {
      String childId = childOf(tenant, parentId);
      assertThat(
              post("/api/v1/runs/" + childId + "/cancel", "{\"reason\":\"not needed\"}", tenant)
                  .statusCode())
          .isEqualTo(200);
    }

    awaitStatus(strict, tenant, "FAILED");
    JsonNode error = json.readTree(get("/api/v1/runs/" + strict, tenant).body()).get("error");
    assertThat(error.get("code").asString()).isEqualTo("CHILD_RUN_CANCELLED");
    assertThat(error.get("message").asString()).contains("was cancelled").contains("not needed");
    awaitStatus(lenient, tenant, "COMPLETED");
    JsonNode sub =
        json.readTree(get("/api/v1/runs/" + lenient, tenant).body()).get("outputs").get("sub");
    assertThat(sub.get("status").asString()).isEqualTo("CANCELLED");
    assertThat(sub.get("error").get("message").asString()).isEqualTo("not needed");
  }

  @Test
  void aChildThatEndedBeforeChildEndTimersExistedStillReachesItsParent() throws Exception {
    String tenant = "sub-" + UUID.randomUUID();
    assertThat(post("/api/v1/workflow-definitions", CHILD, tenant).statusCode()).isEqualTo(201);
    assertThat(post("/api/v1/workflow-definitions", parent("p", "fail"), tenant).statusCode())
        .isEqualTo(201);
    String parentId = startRun(tenant, "p", "{\"order\":4}");
    String childId = childOf(tenant, parentId);
    awaitFunctionRequests(childId, 1);
    // how an earlier version left a child whose end its parent had not read yet: the child's row
    // final, and no CHILD_ENDED timer for the parent
    jdbc.sql(
            "UPDATE runs SET status = 'COMPLETED', completed_at = now(),"
                + " outputs = '{\"ship\":{\"tracking\":\"T-4\"}}'::jsonb"
                + " WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant)
        .param("id", childId)
        .update();
    assertThat(status(parentId, tenant)).isEqualTo("WAITING");

    jdbc.sql(migration("db/migration/V19__child_run_ends_as_timers.sql")).update();

    awaitStatus(parentId, tenant, "COMPLETED");
    JsonNode sub =
        json.readTree(get("/api/v1/runs/" + parentId, tenant).body()).get("outputs").get("sub");
    assertThat(sub.get("runId").asString()).isEqualTo(childId);
    assertThat(sub.get("outputs").get("ship").get("tracking").asString()).isEqualTo("T-4");
  }

  private static String migration(String resource) throws IOException {
    try (var in = NodeKindsIT.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void aWorkflowThatCallsItselfStopsAtTheDepthLimit() throws Exception {
    String tenant = "sub-" + UUID.randomUUID();
    String loop =
        """
        {"id":"loop","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"again","type":"sub-workflow","config":{"workflowId":"loop"}}],
         "edges":[{"source":"t","target":"again"}]}
        """;
    assertThat(post("/api/v1/workflow-definitions", loop, tenant).statusCode()).isEqualTo(201);

    String root = startRun(tenant, "loop", "{}");

    awaitStatus(root, tenant, "FAILED");
    // the root and the ten children the default limit allows, plus the one refused at depth 11
    assertThat(
            jdbc.sql("SELECT count(*) FROM runs WHERE tenant = :tenant")
                .param("tenant", tenant)
                .query(Integer.class)
                .single())
        .isEqualTo(12);
    String deepest =
        jdbc.sql("SELECT child_run_id FROM sub_runs WHERE tenant = :tenant AND depth = 11")
            .param("tenant", tenant)
            .query(String.class)
            .single();
    JsonNode refused = json.readTree(get("/api/v1/runs/" + deepest, tenant).body());
    assertThat(refused.get("status").asString()).isEqualTo("FAILED");
    assertThat(refused.get("error").get("code").asString()).isEqualTo("SUB_WORKFLOW_TOO_DEEP");
    assertThat(
            json.readTree(get("/api/v1/runs/" + root, tenant).body())
                .get("error")
                .get("message")
                .asString())
        .contains("CHILD_RUN_FAILED");
  }

  private static final String EACH =
      """
      {"id":"each","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"each","type":"for-each","config":{"items":"trigger.orders","function":"core/echo",
          "concurrency":2,"input":{"order":"{{item}}","i":"{{index}}"}}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"each"},{"source":"each","target":"done"}]}
      """;

  private FunctionRequested requestFor(String runId, int count, int index) {
    return awaitFunctionRequests(runId, count).stream()
        .filter(r -> ((java.util.Map<?, ?>) r.input()).get("i").equals(index))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aForEachCallsTheFunctionPerItemWithBoundedConcurrencyAndCollectsOutputsInOrder()
      throws Exception {
    String tenant = "each-" + UUID.randomUUID();
    assertThat(post("/api/v1/workflow-definitions", EACH, tenant).statusCode()).isEqualTo(201);
    String runId = startRun(tenant, "each", "{\"orders\":[\"a\",\"b\",\"c\",\"d\"]}");

    List<FunctionRequested> first = awaitFunctionRequests(runId, 2);
    assertThat(
            first.stream()
                .map(r -> (Object) ((java.util.Map<?, ?>) r.input()).get("order"))
                .toList())
        .containsExactlyInAnyOrder((Object) "a", "b");
    assertThat(first).extracting(FunctionRequested::executionId).doesNotHaveDuplicates();

    // results arrive out of order; each frees one slot for the next item
    succeed(tenant, requestFor(runId, 2, 1), "B");
    succeed(tenant, requestFor(runId, 3, 0), "A");
    FunctionRequested third = requestFor(runId, 4, 2);
    FunctionRequested fourth = requestFor(runId, 4, 3);
    succeed(tenant, fourth, "D");
    // a redelivered result changes nothing
    succeed(tenant, requestFor(runId, 4, 1), "B again");
    assertThat(status(runId, tenant)).isEqualTo("RUNNING");
    succeed(tenant, third, "C");

    awaitStatus(runId, tenant, "COMPLETED");
    JsonNode outputs = json.readTree(get("/api/v1/runs/" + runId, tenant).body()).get("outputs");
    assertThat(outputs.get("each"))
        .extracting(JsonNode::asString)
        .containsExactly("A", "B", "C", "D");
    assertThat(
            jdbc.sql("SELECT count(*) FROM for_each_items WHERE run_id = :id")
                .param("id", runId)
                .query(Integer.class)
                .single())
        .isEqualTo(4);
  }

  @Test
  void aFailingItemFailsTheForEachNamingTheIndex() throws Exception {
    String tenant = "each-" + UUID.randomUUID();
    assertThat(post("/api/v1/workflow-definitions", EACH, tenant).statusCode()).isEqualTo(201);
    String runId = startRun(tenant, "each", "{\"orders\":[\"a\",\"b\",\"c\"]}");
    FunctionRequested second = requestFor(runId, 2, 1);

    fail(
        tenant,
        second,
        new FunctionFailed(
            second.executionId(),
            runId,
            second.nodeId(),
            second.attempt(),
            new io.flowmesh.model.run.ExecutionError("HTTP_404", "no such order b", false),
            java.time.Instant.now()));

    awaitStatus(runId, tenant, "FAILED");
    JsonNode error = json.readTree(get("/api/v1/runs/" + runId, tenant).body()).get("error");
    assertThat(error.get("nodeId").asString()).isEqualTo("each");
    assertThat(error.get("code").asString()).isEqualTo("HTTP_404");
    assertThat(error.get("message").asString())
        .isEqualTo("for-each node 'each': item 1 failed: no such order b");
  }

  // ---------------------------------------------------------------- helpers

  String startRun(String tenant, String workflowId, String input) throws Exception {
    HttpResponse<String> started =
        post(
            "/api/v1/runs",
            "{\"workflowId\":\"" + workflowId + "\",\"input\":" + input + "}",
            tenant);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return json.readTree(started.body()).get("runId").asString();
  }

  String status(String runId, String tenant) throws Exception {
    return json.readTree(get("/api/v1/runs/" + runId, tenant).body()).get("status").asString();
  }

  void awaitStatus(String runId, String tenant, String expected) {
    await().atMost(Duration.ofSeconds(30)).until(() -> expected.equals(status(runId, tenant)));
  }

  HttpResponse<String> complete(String runId, String taskId, String body, String tenant)
      throws Exception {
    return post("/api/v1/runs/" + runId + "/tasks/" + taskId + "/complete", body, tenant);
  }

  HttpResponse<String> post(String path, String body, String tenant)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("content-type", "application/json")
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String tenant) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Reads a topic from the start until {@code done} holds for what was read about one key. */
  List<InboundEvent> awaitEvents(String topic, Predicate<InboundEvent> select, int expected) {
    try (TopicReader reader = TopicReader.fromBeginning(topic)) {
      return reader.awaitRecords(select, expected, Duration.ofSeconds(30));
    }
  }

  List<FunctionRequested> awaitFunctionRequests(String runId, int expected) {
    return awaitEvents(Topics.FUNCTION_REQUESTS, r -> runId.equals(r.key()), expected).stream()
        .map(e -> json.readValue(e.data(), FunctionRequested.class))
        .toList();
  }

  void publishResult(String tenant, Object result, String runId, boolean success) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      var event =
          CloudEventBuilder.v1()
              .withId(UUID.randomUUID().toString())
              .withSource(URI.create("/flowmesh/function-runner-service"))
              .withType(success ? EventTypes.FUNCTION_SUCCEEDED : EventTypes.FUNCTION_FAILED)
              .withSubject(runId)
              .withExtension("tenant", tenant)
              .withDataContentType("application/json")
              .withData(json.writeValueAsBytes(result))
              .build();
      producer.send(
          KafkaMessageFactory.createWriter(Topics.FUNCTION_RESULTS, runId).writeBinary(event));
    }
  }

  void succeed(String tenant, FunctionRequested request, Object output) {
    publishResult(
        tenant,
        new FunctionSucceeded(
            request.executionId(),
            request.runId(),
            request.nodeId(),
            request.attempt(),
            output,
            java.time.Instant.now()),
        request.runId(),
        true);
  }

  void fail(String tenant, FunctionRequested request, FunctionFailed failure) {
    publishResult(tenant, failure, request.runId(), false);
  }
}
