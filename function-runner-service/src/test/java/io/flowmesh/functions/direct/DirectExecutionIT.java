package io.flowmesh.functions.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /execute} as the Workflow Builder calls it: against real PostgreSQL, and a real local
 * HTTP server that counts the calls {@code system/http-request} makes to it.
 */
class DirectExecutionIT extends IntegrationTestBase {

  private static final String TENANT = "direct";

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  private final AtomicInteger calls = new AtomicInteger();
  private volatile long delayMillis;
  private HttpServer endpoint;

  @BeforeEach
  void startEndpoint() throws IOException {
    endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    endpoint.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    endpoint.createContext(
        "/count",
        exchange -> {
          int call = calls.incrementAndGet();
          try {
            Thread.sleep(delayMillis);
            byte[] body =
                ("{\"call\": " + call + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    endpoint.createContext(
        "/empty",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    endpoint.createContext(
        "/missing",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    endpoint.start();
  }

  @AfterEach
  void stopEndpoint() {
    endpoint.stop(0);
  }

  @Test
  void aBuiltinRunsAndAnswersInTheWorkflowBuildersShape() {
    String id = UuidV7.prefixed("exec");

    MvcTestResult result =
        execute(
            Map.of(
                "function_slug", "core/echo",
                "execution_id", id,
                "workflow_id", "wf-456",
                "node_id", "node-1",
                "node_name", "Echo it",
                "input", Map.of("greeting", "hi"),
                "node_outputs", Map.of("trigger", Map.of("token", "ignored"))));

    assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
    assertThat(result).headers().doesNotContainHeader("Idempotent-Replayed");
    JsonNode body = body(result);
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("data").toString()).isEqualTo("{\"greeting\":\"hi\"}");
    assertThat(body.path("execution_id").asString()).isEqualTo(id);
    assertThat(body.path("function_slug").asString()).isEqualTo("core/echo");
    assertThat(body.path("duration_ms").isIntegralNumber()).isTrue();
    assertThat(body.has("error")).isFalse();
    assertThat(
            jdbc.sql(
                    "SELECT status || ':' || node_name FROM direct_executions"
                        + " WHERE tenant = ? AND execution_id = ?")
                .params(TENANT, id)
                .query(String.class)
                .single())
        .isEqualTo("SUCCEEDED:Echo it");
  }

  @Test
  void anEmptyOutputIsDataNullAndAFunctionsFailureIsItsAnswerNotAProblem() {
    register("acme/says-nothing", url("/empty"));

    MvcTestResult empty = execute(call("acme/says-nothing", Map.of()));
    MvcTestResult failed =
        execute(call("system/http-request", Map.of("method", "GET", "url", url("/missing"))));

    assertThat(empty).hasStatusOk();
    assertThat(body(empty).path("success").asBoolean()).isTrue();
    assertThat(body(empty).has("data")).isTrue();
    assertThat(body(empty).path("data").isNull()).isTrue();
    assertThat(failed).hasStatusOk();
    JsonNode body = body(failed);
    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.has("data")).isFalse();
    assertThat(body.path("error").path("code").asString()).isEqualTo("HTTP_404");
    assertThat(body.path("error").path("retryable").asBoolean()).isFalse();
  }

  @Test
  void theSameExecutionIdRunsTheFunctionOnceAndAnswersTheRecordedOutcomeAgain() {
    String id = UuidV7.prefixed("exec");
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("url", url("/count"));
    input.put("method", "GET");
    Map<String, Object> sameInputOtherKeyOrder = new LinkedHashMap<>();
    sameInputOtherKeyOrder.put("method", "GET");
    sameInputOtherKeyOrder.put("url", url("/count"));

    MvcTestResult first = execute(call(id, "system/http-request", input));
    MvcTestResult second = execute(call(id, "system/http-request", sameInputOtherKeyOrder));

    assertThat(calls.get()).isEqualTo(1);
    assertThat(first).hasStatusOk();
    assertThat(second).hasStatusOk().headers().hasValue("Idempotent-Replayed", "true");
    assertThat(body(second)).isEqualTo(body(first));
    assertThat(body(second).path("data").path("body").path("call").asInt()).isEqualTo(1);
  }

  @Test
  void aCallWhileTheFirstIsStillRunningWaitsForItsOutcome() {
    delayMillis = 1_500;
    String id = UuidV7.prefixed("exec");
    Map<String, Object> request = call(id, "system/http-request", Map.of("url", url("/count")));

    MvcTestResult second;
    CompletableFuture<MvcTestResult> first;
    // not the common pool: its only worker (2 cores) would block in the call the HTTP client needs
    try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
      first = CompletableFuture.supplyAsync(() -> execute(request), caller);
      await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 1);
      // accepted and recorded before it runs: the row is there while the function is in flight
      assertThat(status(id)).isEqualTo("RUNNING");
      second = execute(request);
    }

    assertThat(second).hasStatusOk().headers().hasValue("Idempotent-Replayed", "true");
    assertThat(body(second).path("success").asBoolean()).as(body(second).toString()).isTrue();
    assertThat(body(first.join())).isEqualTo(body(second));
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void anExecutionAbandonedByAStoppedInstanceFailsOnceItsDeadlineHasPassedAndDoesNotRunAgain() {
    String id = UuidV7.prefixed("exec");
    Map<String, Object> request = call(id, "system/http-request", Map.of("url", url("/count")));
    assertThat(execute(request)).hasStatusOk();
    // as if the instance had stopped after accepting the call, before recording its outcome
    jdbc.sql(
            "UPDATE direct_executions SET status = 'RUNNING', output = NULL, finished_at = NULL,"
                + " deadline_at = now() - interval '1 second' WHERE tenant = ? AND execution_id = ?")
        .params(TENANT, id)
        .update();

    JsonNode body = body(execute(request));

    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.path("error").path("code").asString()).isEqualTo("EXECUTION_INTERRUPTED");
    assertThat(status(id)).isEqualTo("FAILED");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void anotherFunctionOrInputUnderAKnownExecutionIdIsRefused() {
    String id = UuidV7.prefixed("exec");
    assertThat(execute(call(id, "core/echo", Map.of("n", 1)))).hasStatusOk();

    MvcTestResult otherInput = execute(call(id, "core/echo", Map.of("n", 2)));
    MvcTestResult otherFunction = execute(call(id, "core/noop", Map.of("n", 1)));

    for (MvcTestResult refused : List.of(otherInput, otherFunction)) {
      assertThat(refused).hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(body(refused).path("type").asString()).isEqualTo(ProblemTypes.CONFLICT.toString());
      assertThat(body(refused).path("detail").asString()).contains(id);
    }
    assertThat(body(execute(call(id, "core/echo", Map.of("n", 1)))).path("data").path("n").asInt())
        .isEqualTo(1);
  }

  @Test
  void aRequestBreakingTheShapeIsAProblemNamingEachField() {
    MvcTestResult result = execute(Map.of("input", "not an object", "node_outputs", Map.of()));

    assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode body = body(result);
    assertThat(body.path("type").asString()).isEqualTo(ProblemTypes.VALIDATION.toString());
    assertThat(body.path("errors").findValuesAsString("field"))
        .containsExactly("function_slug", "execution_id", "input");
    assertThat(body.path("detail").asString()).contains("function_slug");
  }

  @Test
  void anUnknownFunctionIsNotFoundAndADisabledOneCannotRunBothNamingTheSlug() {
    MvcTestResult unknown = execute(call("acme/nothing-here", Map.of()));
    register("acme/switched-off", url("/count"));
    assertThat(
            mvc.post()
                .uri("/api/v1/functions/acme/switched-off/disable")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, TENANT))
        .hasStatusOk();

    MvcTestResult disabled = execute(call("acme/switched-off", Map.of()));

    assertThat(unknown).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(body(unknown).path("type").asString()).isEqualTo(ProblemTypes.NOT_FOUND.toString());
    assertThat(body(unknown).path("detail").asString()).contains("acme/nothing-here");
    assertThat(disabled).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(body(disabled).path("detail").asString()).contains("acme/switched-off");
    assertThat(calls.get()).isZero();
  }

  @Test
  void aCallThatDidNotComeThroughTheGatewayIsRefused() {
    MvcTestResult result =
        mvc.post()
            .uri("/execute")
            .header(InternalHeaders.TENANT, TENANT)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(call("core/noop", Map.of())))
            .exchange();

    assertThat(result).hasStatus(401);
  }

  private MvcTestResult execute(Map<String, Object> request) {
    return mvc.post()
        .uri("/execute")
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, TENANT)
        .contentType(MediaType.APPLICATION_JSON)
        .content(json.writeValueAsString(request))
        .exchange();
  }

  private void register(String slug, String url) {
    assertThat(
            mvc.post()
                .uri("/api/v1/functions")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, TENANT)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of(
                            "slug",
                            slug,
                            "name",
                            slug,
                            "executionType",
                            "http",
                            "webhookUrl",
                            url))))
        .hasStatus(201);
  }

  private static Map<String, Object> call(String slug, Map<String, Object> input) {
    return call(UuidV7.prefixed("exec"), slug, input);
  }

  private static Map<String, Object> call(String id, String slug, Map<String, Object> input) {
    return Map.of(
        "function_slug", slug, "execution_id", id, "input", input, "node_outputs", Map.of());
  }

  private String url(String path) {
    return "http://127.0.0.1:" + endpoint.getAddress().getPort() + path;
  }

  private String status(String id) {
    return jdbc.sql("SELECT status FROM direct_executions WHERE tenant = ? AND execution_id = ?")
        .params(TENANT, id)
        .query(String.class)
        .single();
  }

  private JsonNode body(MvcTestResult result) {
    try {
      return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
