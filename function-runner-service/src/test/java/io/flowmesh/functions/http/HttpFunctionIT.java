package io.flowmesh.functions.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.sun.net.httpserver.HttpServer;
import io.flowmesh.functions.ExecutionDriver;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.outbox.Outbox;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP functions registered through the API and called through Kafka, against WireMock: success,
 * error classification, timeouts, connection resets, the circuit breaker, and concurrency.
 */
class HttpFunctionIT extends IntegrationTestBase {

  private static final String TENANT = "httpfn";

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JsonMapper json;
  @Autowired MockMvcTester mvc;

  private ExecutionDriver driver;

  @BeforeEach
  void setUp() {
    driver = new ExecutionDriver(outbox, transactions, json);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void postsTheInputWithTheExecutionIdAsIdempotencyKeyAndReturnsTheJsonAnswer() {
    register(
        "acme/quote",
        "/fn/quote",
        Map.of(
            "webhookHeaders", Map.of("X-Api-Key", "k-123"),
            "outputSchema", Map.of("type", "object", "required", java.util.List.of("total"))));
    ENDPOINTS.stubFor(post("/fn/quote").willReturn(okJson("{\"total\": 42}")));
    FunctionRequested request =
        ExecutionDriver.call(UuidV7.prefixed("run"), "acme/quote", Map.of("items", 3));

    driver.send(TENANT, request);

    JsonNode output = json.valueToTree(driver.success(driver.result(request)).output());
    assertThat(output.path("total").asInt()).isEqualTo(42);
    ENDPOINTS.verify(
        postRequestedFor(urlEqualTo("/fn/quote"))
            .withHeader("Idempotency-Key", equalTo(request.executionId()))
            .withHeader("X-Api-Key", equalTo("k-123"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"items\": 3}")));
  }

  @Test
  void schemaViolationsAreClearNonRetryableFailures() {
    register(
        "acme/strict",
        "/fn/strict",
        Map.of(
            "inputSchema",
                Map.of(
                    "type",
                    "object",
                    "required",
                    java.util.List.of("amount"),
                    "properties",
                    Map.of("amount", Map.of("type", "integer"))),
            "outputSchema",
                Map.of(
                    "type", "object", "properties", Map.of("total", Map.of("type", "integer")))));
    ENDPOINTS.stubFor(post("/fn/strict").willReturn(okJson("{\"total\": \"many\"}")));

    FunctionFailed input = driver.failure(TENANT, "acme/strict", Map.of("amount", "ten"));
    FunctionFailed output = driver.failure(TENANT, "acme/strict", Map.of("amount", 10));

    assertThat(input.error().code()).isEqualTo("INPUT_INVALID");
    assertThat(input.error().retryable()).isFalse();
    assertThat(input.error().message()).contains("$.amount").contains("acme/strict");
    assertThat(output.error().code()).isEqualTo("OUTPUT_INVALID");
    assertThat(output.error().message()).contains("$.total");
    ENDPOINTS.verify(1, postRequestedFor(urlEqualTo("/fn/strict")));
  }

  @Test
  void clientErrorsFailForGoodServerErrorsAndRateLimitsMayBeRetried() {
    register("acme/bad-request", "/fn/400", Map.of());
    register("acme/server-error", "/fn/500", Map.of());
    register("acme/throttled", "/fn/429", Map.of());
    ENDPOINTS.stubFor(
        post("/fn/400").willReturn(aResponse().withStatus(400).withBody("amount missing")));
    ENDPOINTS.stubFor(post("/fn/500").willReturn(aResponse().withStatus(500)));
    ENDPOINTS.stubFor(post("/fn/429").willReturn(aResponse().withStatus(429)));

    FunctionFailed badRequest = driver.failure(TENANT, "acme/bad-request", Map.of());
    FunctionFailed serverError = driver.failure(TENANT, "acme/server-error", Map.of());
    FunctionFailed throttled = driver.failure(TENANT, "acme/throttled", Map.of());

    assertThat(badRequest.error().code()).isEqualTo("HTTP_400");
    assertThat(badRequest.error().retryable()).isFalse();
    assertThat(badRequest.error().message()).contains("amount missing");
    assertThat(serverError.error().code()).isEqualTo("HTTP_500");
    assertThat(serverError.error().retryable()).isTrue();
    assertThat(throttled.error().code()).isEqualTo("HTTP_429");
    assertThat(throttled.error().retryable()).isTrue();
  }

  @Test
  void timeoutsAndConnectionResetsMayBeRetried() {
    register("acme/sluggish", "/fn/sluggish", Map.of("webhookTimeoutSeconds", 1));
    register("acme/reset", "/fn/reset", Map.of());
    ENDPOINTS.stubFor(post("/fn/sluggish").willReturn(okJson("{}").withFixedDelay(4_000)));
    ENDPOINTS.stubFor(
        post("/fn/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    FunctionFailed timeout = driver.failure(TENANT, "acme/sluggish", Map.of());
    FunctionFailed reset = driver.failure(TENANT, "acme/reset", Map.of());

    assertThat(timeout.error().code()).isEqualTo("TIMEOUT");
    assertThat(timeout.error().retryable()).isTrue();
    assertThat(reset.error().code()).isEqualTo("CONNECTION_FAILED");
    assertThat(reset.error().retryable()).isTrue();
  }

  @Test
  void theCircuitBreakerOpensOnRepeatedFailuresAndClosesWhenTheEndpointRecovers() {
    register("acme/flaky", "/fn/flaky", Map.of());
    ENDPOINTS.stubFor(post("/fn/flaky").willReturn(aResponse().withStatus(503)));

    // The test breaker judges a window of 4 calls (IntegrationTestBase).
    for (int i = 0; i < 4; i++) {
      assertThat(driver.failure(TENANT, "acme/flaky", Map.of()).error().code())
          .isEqualTo("HTTP_503");
    }
    FunctionFailed open = driver.failure(TENANT, "acme/flaky", Map.of());

    assertThat(open.error().code()).isEqualTo("CIRCUIT_OPEN");
    assertThat(open.error().retryable()).isTrue();
    ENDPOINTS.verify(4, postRequestedFor(urlEqualTo("/fn/flaky")));

    ENDPOINTS.stubFor(post("/fn/flaky").willReturn(okJson("{\"ok\": true}")));
    // After the open state's wait, a trial call goes through; its success closes the breaker.
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(60))
        .until(() -> call("acme/flaky").type().equals(EventTypes.FUNCTION_SUCCEEDED));
    assertThat(call("acme/flaky").type()).isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
    assertThat(call("acme/flaky").type()).isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
  }

  @Test
  void aSlowFunctionDoesNotHoldUpTheRequestsPolledWithIt() {
    register("acme/slow", "/fn/slow", Map.of());
    ENDPOINTS.stubFor(
        post("/fn/slow").willReturn(okJson("{\"done\": true}").withFixedDelay(5_000)));
    String runId = UuidV7.prefixed("run");
    FunctionRequested slow = ExecutionDriver.call(runId, "acme/slow", Map.of());
    FunctionRequested echo = ExecutionDriver.call(runId, "core/echo", "quick");

    // One key, one partition, one outbox batch: the slow request comes first.
    driver.send(TENANT, slow, echo);

    InboundEvent echoed = driver.result(echo);
    assertThat(echoed.type()).isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
    assertThat(driver.resultIfAny(slow)).as("the slow call is still running").isEmpty();
    assertThat(driver.result(slow).type()).isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
  }

  @Test
  void aRedeliveredRequestForAFinishedExecutionDoesNotCallAgain() {
    register("acme/once", "/fn/once", Map.of());
    ENDPOINTS.stubFor(post("/fn/once").willReturn(okJson("{}")));
    FunctionRequested request = ExecutionDriver.call(UuidV7.prefixed("run"), "acme/once", Map.of());
    driver.send(TENANT, request);
    driver.result(request);

    driver.send(TENANT, request);
    FunctionRequested marker = ExecutionDriver.call(request.runId(), "core/noop", null);
    driver.send(TENANT, marker);
    driver.result(marker);

    ENDPOINTS.verify(1, postRequestedFor(urlEqualTo("/fn/once")));
  }

  @Test
  void maxConcurrencyBoundsTheCallsInFlight() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    endpoint.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    endpoint.createContext(
        "/limited",
        exchange -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            exchange.getRequestBody().readAllBytes();
            Thread.sleep(300); // long enough for the other calls to arrive if they could
            byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
            exchange.close();
          }
        });
    endpoint.start();
    try {
      registerAt(
          "acme/limited",
          "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/limited",
          Map.of("maxConcurrency", 1));
      String runId = UuidV7.prefixed("run");
      FunctionRequested[] requests = new FunctionRequested[4];
      for (int i = 0; i < requests.length; i++) {
        requests[i] = ExecutionDriver.call(runId, "acme/limited", Map.of("i", i));
      }

      driver.send(TENANT, requests);

      for (FunctionRequested request : requests) {
        assertThat(driver.result(request).type()).isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
      }
      assertThat(mostInFlight.get()).isEqualTo(1);
    } finally {
      endpoint.stop(0);
    }
  }

  private InboundEvent call(String function) {
    FunctionRequested request = ExecutionDriver.call(UuidV7.prefixed("run"), function, Map.of());
    driver.send(TENANT, request);
    return driver.result(request);
  }

  private void register(String slug, String path, Map<String, Object> extra) {
    registerAt(slug, ENDPOINTS.baseUrl() + path, extra);
  }

  private void registerAt(String slug, String url, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("slug", slug);
    body.put("name", slug);
    body.put("executionType", "http");
    body.put("webhookUrl", url);
    assertThat(
            mvc.post()
                .uri("/api/v1/functions")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, TENANT)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .exchange())
        .hasStatus(201);
  }
}
