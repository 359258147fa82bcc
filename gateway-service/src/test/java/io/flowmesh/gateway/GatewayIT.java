package io.flowmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway on a random port in front of a real HTTP server standing in for the orchestrator, and
 * a closed port standing in for a function runner that is down.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayIT {

  private static final String API_KEY = "fm_live_3b1f0c9e7a5d4e2f";
  private static final String TENANT = "acme";
  private static final int MAX_BODY_BYTES = 1024;

  private static final StubService orchestrator = StubService.start();
  private static final StubService events = StubService.start();
  private static final JsonMapper json = JsonMapper.builder().build();

  @LocalServerPort int port;

  private final GatewayFixture gateway = new GatewayFixture(() -> port);

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, API_KEY, TENANT);
    GatewayFixture.service(registry, "orchestrator", orchestrator);
    GatewayFixture.service(registry, "event", events);
    GatewayFixture.serviceDown(registry, "function-runner");
    registry.add("flowmesh.gateway.max-request-size", () -> MAX_BODY_BYTES + "B");
  }

  @AfterAll
  static void stopStub() {
    orchestrator.close();
    events.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    orchestrator.clear();
    events.clear();
  }

  @Test
  void requestWithoutKeyIsRejectedAsProblemAndNotForwarded() throws Exception {
    HttpResponse<String> response = send(get("/api/v1/runs"));

    assertUnauthorized(response, "no Authorization header");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"flowmesh\"");
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void inboundWebhookWithoutKeyReachesEventServiceWithoutTheInternalHeadersTheClientForged()
      throws Exception {
    HttpResponse<String> response =
        send(
            get("/hooks/hook_x")
                .header(InternalHeaders.TENANT, "someone-else")
                .header(InternalHeaders.GATEWAY_TOKEN, "guessed")
                .header("Authorization", "Bearer the-hook-s-own-token")
                .header("X-Hub-Signature-256", "sha256=00")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"zen\":\"Keep it logically awesome.\"}")));

    assertThat(response.statusCode()).isEqualTo(200);
    StubService.Received forwarded = events.nextReceived();
    assertThat(forwarded).isNotNull();
    assertThat(forwarded.method()).isEqualTo("POST");
    assertThat(forwarded.pathAndQuery()).isEqualTo("/hooks/hook_x");
    assertThat(forwarded.body()).isEqualTo("{\"zen\":\"Keep it logically awesome.\"}");
    assertThat(forwarded.headers().containsKey(InternalHeaders.TENANT)).isFalse();
    assertThat(forwarded.headers().containsKey(InternalHeaders.GATEWAY_TOKEN)).isFalse();
    // the hook's own credentials and signature travel on: event-service checks them
    assertThat(forwarded.headers().getFirst("Authorization"))
        .isEqualTo("Bearer the-hook-s-own-token");
    assertThat(forwarded.headers().getFirst("X-Hub-Signature-256")).isEqualTo("sha256=00");
  }

  @Test
  void theHooksApiNeedsAKeyAndIsRoutedToEventService() throws Exception {
    assertUnauthorized(send(get("/api/v1/hooks")), "no Authorization header");
    assertThat(events.nextReceived()).isNull();

    assertThat(send(authorized("/api/v1/hooks/hook_x")).statusCode()).isEqualTo(200);
    assertThat(events.nextReceived().pathAndQuery()).isEqualTo("/api/v1/hooks/hook_x");
  }

  @Test
  void requestWithAnotherSchemeIsRejected() throws Exception {
    HttpResponse<String> response =
        send(get("/api/v1/runs").header("Authorization", "Basic dXNlcjpwYXNz"));

    assertUnauthorized(response, "not a single Bearer token");
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void requestWithUnknownKeyIsRejected() throws Exception {
    HttpResponse<String> response =
        send(get("/api/v1/runs").header("Authorization", "Bearer " + API_KEY + "x"));

    assertUnauthorized(response, "API key is not known");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"flowmesh\", error=\"invalid_token\"");
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void goodKeyForwardsWithTenantOfTheKeyNotTheOneTheClientForged() throws Exception {
    HttpResponse<String> response =
        send(
            authorized("/api/v1/runs/run-1?view=full")
                .header(InternalHeaders.TENANT, "someone-else")
                .header(InternalHeaders.GATEWAY_TOKEN, "guessed")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"input\":42}")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    StubService.Received forwarded = orchestrator.nextReceived();
    assertThat(forwarded).isNotNull();
    assertThat(forwarded.method()).isEqualTo("POST");
    assertThat(forwarded.pathAndQuery()).isEqualTo("/api/v1/runs/run-1?view=full");
    assertThat(forwarded.body()).isEqualTo("{\"input\":42}");
    assertThat(forwarded.headers().get(InternalHeaders.TENANT)).containsExactly(TENANT);
    assertThat(forwarded.headers().get(InternalHeaders.GATEWAY_TOKEN))
        .containsExactly(GatewayFixture.GATEWAY_TOKEN);
    assertThat(forwarded.headers().containsKey("Authorization")).isFalse();
    String requestId = forwarded.headers().getFirst(InternalHeaders.REQUEST_ID);
    assertThat(requestId).matches("[0-9a-f-]{36}");
    assertThat(response.headers().firstValue(InternalHeaders.REQUEST_ID)).hasValue(requestId);
  }

  @Test
  void everyRouteOfTheOrchestratorIsForwarded() throws Exception {
    assertThat(send(authorized("/api/v1/workflow-definitions")).statusCode()).isEqualTo(200);
    assertThat(orchestrator.nextReceived().pathAndQuery())
        .isEqualTo("/api/v1/workflow-definitions");
    assertThat(send(authorized("/api/v1/runs")).statusCode()).isEqualTo(200);
    assertThat(orchestrator.nextReceived().pathAndQuery()).isEqualTo("/api/v1/runs");
  }

  @Test
  void saneClientRequestIdIsKeptAndReturned() throws Exception {
    HttpResponse<String> response =
        send(authorized("/api/v1/runs").header(InternalHeaders.REQUEST_ID, "client-42.a_b"));

    assertThat(orchestrator.nextReceived().headers().getFirst(InternalHeaders.REQUEST_ID))
        .isEqualTo("client-42.a_b");
    assertThat(response.headers().firstValue(InternalHeaders.REQUEST_ID)).hasValue("client-42.a_b");
  }

  @Test
  void insaneClientRequestIdIsReplaced() throws Exception {
    String tooLong = "x".repeat(65);
    HttpResponse<String> response =
        send(authorized("/api/v1/runs").header(InternalHeaders.REQUEST_ID, tooLong));

    String forwardedId = orchestrator.nextReceived().headers().getFirst(InternalHeaders.REQUEST_ID);
    assertThat(forwardedId).isNotEqualTo(tooLong).matches("[0-9a-f-]{36}");
    assertThat(response.headers().firstValue(InternalHeaders.REQUEST_ID)).hasValue(forwardedId);
  }

  @Test
  void bodyAtTheLimitIsForwarded() throws Exception {
    HttpResponse<String> response =
        send(authorized("/api/v1/runs").POST(BodyPublishers.ofString("a".repeat(MAX_BODY_BYTES))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(orchestrator.nextReceived().body()).hasSize(MAX_BODY_BYTES);
  }

  @Test
  void bodyOverTheDeclaredLimitIsRejectedAsProblem() throws Exception {
    HttpResponse<String> response =
        send(
            authorized("/api/v1/runs")
                .POST(BodyPublishers.ofString("a".repeat(MAX_BODY_BYTES + 1))));

    assertProblem(response, 413, ProblemTypes.PAYLOAD_TOO_LARGE);
    assertThat(problem(response).get("detail").asString()).contains("1 KB");
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void chunkedBodyOverTheLimitIsRejectedAsProblem() throws Exception {
    byte[] body = "a".repeat(4 * MAX_BODY_BYTES).getBytes(StandardCharsets.UTF_8);
    // A body from a stream has no Content-Length, so it is sent chunked.
    BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

    HttpResponse<String> response = send(authorized("/api/v1/runs").POST(chunked));

    assertProblem(response, 413, ProblemTypes.PAYLOAD_TOO_LARGE);
  }

  @Test
  void serviceThatIsDownIsAnsweredWithUnavailableProblemWithoutInternals() throws Exception {
    HttpResponse<String> response = send(authorized("/api/v1/functions"));

    assertProblem(response, 503, ProblemTypes.UNAVAILABLE);
    assertThat(response.body())
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("refused")
        .doesNotContain("127.0.0.1")
        .doesNotContain("\tat ");
    assertThat(response.headers().firstValue(InternalHeaders.REQUEST_ID)).isPresent();
  }

  @Test
  void unknownApiPathIsNotFoundProblem() throws Exception {
    HttpResponse<String> response = send(authorized("/api/v1/no-such-things/1"));

    assertProblem(response, 404, ProblemTypes.NOT_FOUND);
    assertThat(response.headers().firstValue(InternalHeaders.REQUEST_ID)).isPresent();
  }

  @Test
  void pathThatTheServiceWouldResolveOutsideTheRouteIsRefused() throws Exception {
    HttpResponse<String> dotDot = send(authorized("/api/v1/runs/../../actuator/env"));
    HttpResponse<String> encoded = send(authorized("/api/v1/runs/%2e%2e/%2e%2e/actuator/env"));

    assertProblem(dotDot, 400, ProblemTypes.MALFORMED_REQUEST);
    assertProblem(encoded, 400, ProblemTypes.MALFORMED_REQUEST);
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void unknownApiPathWithoutKeyIsUnauthorizedSoRoutesCannotBeProbed() throws Exception {
    assertUnauthorized(send(get("/api/v1/no-such-things/1")), "no Authorization header");
  }

  @Test
  void probesAndMetricsNeedNoKey() throws Exception {
    assertThat(send(get("/actuator/health/liveness")).statusCode()).isEqualTo(200);
    assertThat(send(get("/actuator/health/readiness")).statusCode()).isEqualTo(200);
    HttpResponse<String> prometheus = send(get("/actuator/prometheus"));
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void serviceApiDocsAreRoutedWithoutKeyAndWithoutForgedInternalHeaders() throws Exception {
    HttpResponse<String> response =
        send(get("/v3/api-docs/orchestrator").header(InternalHeaders.TENANT, "someone-else"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"openapi\"");
    StubService.Received forwarded = orchestrator.nextReceived();
    assertThat(forwarded.pathAndQuery()).isEqualTo("/v3/api-docs");
    assertThat(forwarded.headers().containsKey(InternalHeaders.TENANT)).isFalse();
    assertThat(forwarded.headers().containsKey(InternalHeaders.GATEWAY_TOKEN)).isFalse();
  }

  @Test
  void swaggerUiListsTheMergedDocumentFirstThenEveryServicesApiDocs() throws Exception {
    HttpResponse<String> config = send(get("/v3/api-docs/gateway/swagger-config"));

    assertThat(config.statusCode()).isEqualTo(200);
    JsonNode swaggerConfig = json.readTree(config.body());
    assertThat(swaggerConfig.get("urls.primaryName").asString()).isEqualTo("Flowmesh API");
    List<String> urls = swaggerConfig.get("urls").findValuesAsString("url");
    assertThat(urls.getFirst()).isEqualTo("/v3/api-docs/flowmesh");
    assertThat(urls.subList(1, urls.size()))
        .containsExactlyInAnyOrder(
            "/v3/api-docs/orchestrator",
            "/v3/api-docs/function-runner",
            "/v3/api-docs/event",
            "/v3/api-docs/integration",
            "/v3/api-docs/webhook",
            "/v3/api-docs/gateway");
    HttpResponse<String> entry = send(get("/swagger-ui.html"));
    assertThat(entry.statusCode()).isEqualTo(302);
    String ui = entry.headers().firstValue("Location").orElseThrow();
    assertThat(send(get(ui)).body()).contains("swagger-ui");
  }

  private HttpRequest.Builder get(String path) {
    return gateway.request(path);
  }

  private HttpRequest.Builder authorized(String path) {
    return gateway.authorized(path, API_KEY);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return gateway.send(request);
  }

  private static void assertUnauthorized(HttpResponse<String> response, String detailPart) {
    assertProblem(response, 401, ProblemTypes.UNAUTHORIZED);
    assertThat(problem(response).get("detail").asString()).contains(detailPart);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    assertThat(response.headers().firstValue(InternalHeaders.REQUEST_ID)).isPresent();
  }

  private static void assertProblem(HttpResponse<String> response, int status, URI type) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(
            contentType -> assertThat(contentType).startsWith("application/problem+json"));
    JsonNode problem = problem(response);
    assertThat(problem.get("type").asString()).isEqualTo(type.toString());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("detail").asString()).isNotBlank();
  }

  private static JsonNode problem(HttpResponse<String> response) {
    return json.readTree(response.body());
  }
}
