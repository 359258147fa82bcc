package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * {@code GET /runs} with filters and cursor pagination, and {@code Idempotency-Key} on start, over
 * real HTTP, PostgreSQL and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunSearchIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "runsearch", REGISTRY);
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  static final String HELLO =
      """
      {"id":"hello","name":"Hello","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"echo","type":"action","config":{"function":"core/echo","input":{"message":"{{trigger.message}}"}}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"source":"trigger","target":"echo"},{"source":"echo","target":"end"}]}
      """;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  RunApiClient api;

  @BeforeEach
  void client() {
    api = new RunApiClient(port);
  }

  @Test
  void listsFilteredRunsNewestFirstPageByPageWithoutGapsOrRepeats() {
    String tenant = "tenant-list";
    api.send("POST", "/api/v1/workflow-definitions", HELLO, tenant);
    api.send(
        "POST", "/api/v1/workflow-definitions", HELLO.replace("\"hello\"", "\"other\""), tenant);
    List<String> hello = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      hello.add(
          api.start(
              tenant,
              "{\"workflowId\":\"hello\",\"input\":{\"message\":\"m\"},\"businessKey\":\"order-"
                  + i
                  + "\"}"));
    }
    String other = api.start(tenant, "{\"workflowId\":\"other\",\"input\":{\"message\":\"m\"}}");
    api.send("POST", "/api/v1/runs/" + hello.get(2) + "/cancel", "{}", tenant);
    api.start("tenant-list-foreign", "{\"definition\":" + HELLO + "}");

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          api.body(
              api.send(
                  "GET",
                  "/api/v1/runs?workflowId=hello&limit=3"
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  null,
                  tenant));
      page.get("items").forEach(item -> seen.add(item.get("runId").asString()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(hello.reversed());

    JsonNode cancelled =
        api.body(api.send("GET", "/api/v1/runs?status=cancelled,failed", null, tenant));
    assertThat(cancelled.get("items").size()).as(cancelled.toString()).isEqualTo(1);
    JsonNode item = cancelled.get("items").get(0);
    assertThat(item.get("runId").asString()).isEqualTo(hello.get(2));
    assertThat(item.get("status").asString()).isEqualTo("CANCELLED");
    assertThat(item.get("businessKey").asString()).isEqualTo("order-2");
    assertThat(item.get("completedAt").isNull()).isFalse();

    assertThat(ids(api.send("GET", "/api/v1/runs?businessKey=order-4", null, tenant)))
        .containsExactly(hello.get(4));
    assertThat(ids(api.send("GET", "/api/v1/runs?workflowId=other", null, tenant)))
        .containsExactly(other);
    assertThat(ids(api.send("GET", "/api/v1/runs", null, tenant))).hasSize(8);

    Instant thirdStarted =
        jdbc.sql("SELECT started_at FROM runs WHERE id = :id")
            .param("id", hello.get(3))
            .query(java.sql.Timestamp.class)
            .single()
            .toInstant();
    assertThat(
            ids(
                api.send(
                    "GET",
                    "/api/v1/runs?workflowId=hello&startedBefore=" + encode(thirdStarted),
                    null,
                    tenant)))
        .doesNotContain(hello.get(3), hello.get(4), hello.get(5), hello.get(6))
        .contains(hello.get(0));
    assertThat(
            ids(
                api.send(
                    "GET",
                    "/api/v1/runs?workflowId=hello&startedAfter="
                        + encode(thirdStarted.minusNanos(1000)),
                    null,
                    tenant)))
        .contains(hello.get(3), hello.get(6))
        .doesNotContain(hello.get(0));
  }

  @Test
  void listsTheRunsOfOneVersionAndTheChildRunsOfAParentEachNamingItsParent() {
    String tenant = "tenant-family";
    api.send("POST", "/api/v1/workflow-definitions", HELLO, tenant);
    String first = api.start(tenant, "{\"workflowId\":\"hello\",\"input\":{}}");
    api.send(
        "POST",
        "/api/v1/workflow-definitions",
        HELLO.replace("\"Hello\"", "\"Hello again\""),
        tenant);
    String second = api.start(tenant, "{\"workflowId\":\"hello\",\"input\":{}}");
    api.send(
        "POST",
        "/api/v1/workflow-definitions",
        """
        {"id":"parent","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"sub","type":"sub-workflow","config":{"workflowId":"hello","input":{}}},
          {"id":"done","type":"end"}],
         "edges":[{"source":"t","target":"sub"},{"source":"sub","target":"done"}]}
        """,
        tenant);
    String parent = api.start(tenant, "{\"workflowId\":\"parent\",\"input\":{}}");

    assertThat(ids(api.send("GET", "/api/v1/runs?workflowId=hello&version=1", null, tenant)))
        .containsExactly(first);
    List<String> children =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> ids(api.send("GET", "/api/v1/runs?parentRunId=" + parent, null, tenant)),
                found -> !found.isEmpty());
    assertThat(children).hasSize(1).doesNotContain(first, second, parent);
    JsonNode child =
        api.body(api.send("GET", "/api/v1/runs?workflowId=hello&version=2", null, tenant))
            .get("items");
    assertThat(child.findValuesAsString("runId")).containsExactly(children.get(0), second);
    assertThat(child.get(0).get("parentRunId").asString()).isEqualTo(parent);
    assertThat(child.get(1).get("parentRunId").isNull()).isTrue();
    assertThat(api.run(tenant, children.get(0)).get("parentRunId").asString()).isEqualTo(parent);
    assertThat(api.run(tenant, parent).get("parentRunId").isNull()).isTrue();
    assertThat(ids(api.send("GET", "/api/v1/runs?parentRunId=" + parent, null, "tenant-other")))
        .isEmpty();
  }

  @Test
  void badListParametersAreProblemsNamingTheParameter() {
    assertProblem(api.send("GET", "/api/v1/runs?status=SLEEPING", null, "t"), "status");
    assertProblem(
        api.send("GET", "/api/v1/runs?startedAfter=yesterday", null, "t"), "startedAfter");
    assertProblem(api.send("GET", "/api/v1/runs?limit=0", null, "t"), "limit");
    assertProblem(api.send("GET", "/api/v1/runs?cursor=bm9wZQ", null, "t"), "cursor");
    assertProblem(
        api.send(
            "GET",
            "/api/v1/runs?startedAfter=2026-01-02T00:00:00Z&startedBefore=2026-01-01T00:00:00Z",
            null,
            "t"),
        "startedBefore");
    assertProblem(api.send("GET", "/api/v1/runs?version=1", null, "t"), "version");
    assertProblem(api.send("GET", "/api/v1/runs?workflowId=w&version=0", null, "t"), "version");
    HttpResponse<String> notANumber = api.send("GET", "/api/v1/runs?limit=ten", null, "t");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(api.body(notANumber).get("detail").asString()).contains("limit");
  }

  @Test
  void anInputThatBreaksTheTriggersInputSchemaIsAProblemNamingEachFieldAndStartsNothing() {
    String tenant = "tenant-schema";
    HttpResponse<String> saved =
        api.send(
            "POST", "/api/v1/workflow-definitions", RunApiClient.REFUND_WITH_INPUT_SCHEMA, tenant);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);

    HttpResponse<String> refused =
        api.send(
            "POST", "/api/v1/runs", "{\"workflowId\":\"refund\",\"input\":{\"amount\":0}}", tenant);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(api.body(refused).get("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("input", "input.amount");
    assertThat(ids(api.send("GET", "/api/v1/runs", null, tenant))).isEmpty();
    String started = api.start(tenant, "{\"workflowId\":\"refund\",\"input\":{\"order\":\"o-1\"}}");
    assertThat(ids(api.send("GET", "/api/v1/runs", null, tenant))).containsExactly(started);
  }

  @Test
  void theSameIdempotencyKeyStartsOneRunAndRefusesADifferentRequest() {
    String tenant = "tenant-idem";
    api.send("POST", "/api/v1/workflow-definitions", HELLO, tenant);
    String body = "{\"workflowId\":\"hello\",\"input\":{\"message\":\"a\",\"n\":1}}";
    HttpResponse<String> first = api.send("POST", "/api/v1/runs", body, tenant, "start-1");
    // same members in another order: the same request
    HttpResponse<String> again =
        api.send(
            "POST",
            "/api/v1/runs",
            "{\"input\":{\"n\":1,\"message\":\"a\"},\"workflowId\":\"hello\"}",
            tenant,
            "start-1");
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    String runId = api.body(first).get("runId").asString();
    assertThat(api.body(again).get("runId").asString()).isEqualTo(runId);

    HttpResponse<String> different =
        api.send("POST", "/api/v1/runs", body.replace("\"a\"", "\"b\""), tenant, "start-1");
    assertThat(different.statusCode()).isEqualTo(409);
    assertThat(api.body(different).get("type").asString())
        .isEqualTo("https://flowmesh.io/problems/conflict");
    assertThat(api.body(different).get("detail").asString())
        .contains("start-1", runId, "different request");

    // another tenant's key space is its own
    api.send("POST", "/api/v1/workflow-definitions", HELLO, "tenant-idem-2");
    assertThat(
            api.body(api.send("POST", "/api/v1/runs", body, "tenant-idem-2", "start-1"))
                .get("runId")
                .asString())
        .isNotEqualTo(runId);
    assertThat(
            jdbc.sql("SELECT count(*) FROM runs WHERE idempotency_key = 'start-1'")
                .query(Integer.class)
                .single())
        .isEqualTo(2);
    assertProblem(api.send("POST", "/api/v1/runs", body, tenant, " "), "Idempotency-Key");
  }

  private void assertProblem(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(api.body(response).get("errors").get(0).get("field").asString()).isEqualTo(field);
  }

  private List<String> ids(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    api.body(response).get("items").forEach(item -> ids.add(item.get("runId").asString()));
    return ids;
  }

  private static String encode(Instant instant) {
    return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
  }
}
