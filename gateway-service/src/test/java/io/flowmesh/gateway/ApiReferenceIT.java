package io.flowmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.InternalHeaders;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole API's document at the gateway, as a new user's Swagger UI loads it: the orchestrator
 * and the webhook service answer with small documents of their own, the function runner and the
 * integration service are down, and the event service answers nonsense.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiReferenceIT {

  private static final String API_KEY = "fm_live_9c2e4a7b1d3f5e6a";
  private static final String TENANT = "acme";

  private static final StubService orchestrator = StubService.start(resource("orchestrator"));
  private static final StubService webhook = StubService.start(resource("webhook"));
  private static final StubService event = StubService.start("this is not JSON");
  private static final JsonMapper json = JsonMapper.builder().build();

  @LocalServerPort int port;

  private final GatewayFixture gateway = new GatewayFixture(() -> port);

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, API_KEY, TENANT);
    GatewayFixture.service(registry, "orchestrator", orchestrator);
    GatewayFixture.service(registry, "webhook", webhook);
    GatewayFixture.service(registry, "event", event);
    GatewayFixture.serviceDown(registry, "function-runner");
    GatewayFixture.serviceDown(registry, "integration");
    // The gateway's own document is generated on first request; on a machine busy with other
    // builds that took longer than the 5 s a service's document is waited for, and the gateway's
    // own part was left out. This test is about merging, so it waits longer.
    registry.add("flowmesh.openapi.fetch-timeout", () -> "30s");
  }

  @AfterAll
  static void stopStubs() {
    orchestrator.close();
    webhook.close();
    event.close();
  }

  @Test
  void theMergedDocumentIsValidOpenApi31AndNeedsNoKey() throws Exception {
    HttpResponse<String> response = send(get("/v3/api-docs/flowmesh"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    SwaggerParseResult parsed =
        new OpenAPIV3Parser().readContents(response.body(), null, new ParseOptions());
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
  }

  @Test
  void namesTheWholeApiTheReleaseTheGatewayAndTheApiKey() throws Exception {
    JsonNode document = merged();

    assertThat(document.at("/info/title").asString()).isEqualTo("Flowmesh API");
    assertThat(document.at("/info/version").asString()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(document.at("/info/description").asString()).contains("Authorize", "fm_");
    assertThat(document.get("servers").findValuesAsString("url")).containsExactly("/");
    assertThat(document.get("security").toString()).isEqualTo("[{\"apiKey\":[]}]");
    JsonNode scheme = document.at("/components/securitySchemes/apiKey");
    assertThat(scheme.get("type").asString()).isEqualTo("http");
    assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
    assertThat(scheme.get("description").asString()).contains("fm_");
  }

  @Test
  void unitesThePathsAndTagsOfTheServicesInTheirOrder() throws Exception {
    JsonNode document = merged();

    List<String> paths = new ArrayList<>(document.get("paths").propertyNames());
    assertThat(paths.subList(0, 3))
        .containsExactly("/api/v1/runs", "/api/v1/runs/{runId}", "/api/v1/webhook-subscriptions");
    // The gateway's own endpoints come last.
    assertThat(paths.subList(3, paths.size()))
        .contains(
            "/api/v1/api-keys", "/api/v1/api-keys/{id}/rotate", "/api/v1/tenants", "/api/v1/audit")
        .allMatch(path -> path.matches("/api/v1/(api-keys|tenants|audit).*"));
    List<String> tags = document.get("tags").findValuesAsString("name");
    assertThat(tags.subList(0, 2)).containsExactly("Runs", "Webhook subscriptions");
    assertThat(tags.subList(2, tags.size()))
        .containsExactlyInAnyOrder("API keys", "Tenants", "Audit");
    assertThat(document.get("tags").findValuesAsString("description").subList(0, 2))
        .containsExactly("Runs of saved or inline workflows.", "Where events are delivered.");
  }

  @Test
  void sameSchemasCollapseAndDifferentOnesGetTheirServiceAsPrefix() throws Exception {
    JsonNode document = merged();
    JsonNode schemas = document.at("/components/schemas");

    assertThat(schemas.propertyNames())
        .contains(
            "RunView",
            "OrchestratorPage",
            "WebhookPage",
            "Subscription",
            "FieldProblem",
            "Problem",
            // the gateway's own, which refer to the services' Problem rather than define one
            "IssuedKeyResponse",
            "TenantResponse",
            "AuditPage")
        .doesNotContain("Page", "GatewayProblem");
    assertThat(responseSchema(document, "/api/v1/runs"))
        .isEqualTo("#/components/schemas/OrchestratorPage");
    assertThat(responseSchema(document, "/api/v1/webhook-subscriptions"))
        .isEqualTo("#/components/schemas/WebhookPage");
    assertThat(schemas.at("/WebhookPage/properties/items/items/$ref").asString())
        .isEqualTo("#/components/schemas/Subscription");
    assertThat(document.at("/paths/~1api~1v1~1runs/get/operationId").asString())
        .isEqualTo("orchestratorList");
    assertThat(document.at("/paths/~1api~1v1~1webhook-subscriptions/get/operationId").asString())
        .isEqualTo("webhookList");
    assertThat(document.at("/paths/~1api~1v1~1runs~1{runId}/get/operationId").asString())
        .isEqualTo("get");
  }

  @Test
  void everyOperationDocumentsAProblemResponse() throws Exception {
    JsonNode document = merged();

    for (Map.Entry<String, JsonNode> operation : operations(document)) {
      List<String> problemSchemas = new ArrayList<>();
      operation
          .getValue()
          .get("responses")
          .properties()
          .forEach(
              response -> {
                if (response.getKey().matches("[45]\\d\\d")) {
                  problemSchemas.add(
                      response
                          .getValue()
                          .at("/content/application~1problem+json/schema/$ref")
                          .asString());
                }
              });
      assertThat(problemSchemas)
          .as(operation.getKey())
          .isNotEmpty()
          .containsOnly("#/components/schemas/Problem");
    }
  }

  @Test
  void servicesWithoutADocumentAreNamedNotAnError() throws Exception {
    JsonNode document = merged();

    assertThat(document.get("x-flowmesh-missing-services").findValuesAsString("service"))
        .containsExactly("function-runner", "event", "integration");
    assertThat(document.get("x-flowmesh-missing-services").findValuesAsString("reason"))
        .containsExactly("it is not reachable", "its document is not JSON", "it is not reachable");
    assertThat(document.at("/info/description").asString())
        .contains("Incomplete", "`function-runner`", "`event`", "`integration`")
        .doesNotContain("127.0.0.1");
  }

  @Test
  void anOperationCanBeCalledThroughTheServerTheDocumentNames() throws Exception {
    URI documentUri = gateway.uri("/v3/api-docs/flowmesh");
    JsonNode document = json.readTree(send(get("/v3/api-docs/flowmesh")).body());
    String server = document.at("/servers/0/url").asString();
    String path = "/api/v1/runs/{runId}".replace("{runId}", "run-1");
    assertThat(document.at("/paths/~1api~1v1~1runs~1{runId}/get").isObject()).isTrue();
    orchestrator.clear();

    URI call = documentUri.resolve(server).resolve(path.substring(1));
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(call)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + API_KEY));

    assertThat(response.statusCode()).isEqualTo(200);
    StubService.Received forwarded = orchestrator.nextReceived();
    assertThat(forwarded.pathAndQuery()).isEqualTo("/api/v1/runs/run-1");
    assertThat(forwarded.headers().getFirst(InternalHeaders.TENANT)).isEqualTo(TENANT);
  }

  @Test
  void theGatewaysOwnDocumentPathServesTheWholeApiToo() throws Exception {
    HttpResponse<String> response = send(get("/v3/api-docs"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).at("/info/title").asString())
        .isEqualTo("Flowmesh API");
  }

  @Test
  void theMergedDocumentIsCachedRatherThanFetchedForEveryReader() throws Exception {
    merged();
    webhook.clear();

    merged();
    merged();

    // At most one fetch: the one a cache entry that just expired may take.
    int fetches = 0;
    while (webhook.nextReceived() != null) {
      fetches++;
    }
    assertThat(fetches).isLessThanOrEqualTo(1);
  }

  @Test
  void theServicesOwnDocumentsAreStillRoutedOneByOne() throws Exception {
    HttpResponse<String> response = send(get("/v3/api-docs/webhook"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).at("/info/title").asString())
        .isEqualTo("Flowmesh webhooks API");
  }

  private JsonNode merged() throws Exception {
    HttpResponse<String> response = send(get("/v3/api-docs/flowmesh"));
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static String responseSchema(JsonNode document, String path) {
    return document
        .get("paths")
        .get(path)
        .at("/get/responses/200/content/application~1json/schema/$ref")
        .asString();
  }

  private static List<Map.Entry<String, JsonNode>> operations(JsonNode document) {
    List<Map.Entry<String, JsonNode>> operations = new ArrayList<>();
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        method ->
                            operations.add(
                                Map.entry(
                                    method.getKey() + " " + path.getKey(), method.getValue()))));
    // three of the stub services, thirteen of the gateway itself
    assertThat(operations).hasSize(16);
    return operations;
  }

  private HttpRequest.Builder get(String path) {
    return gateway.request(path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return gateway.send(request);
  }

  private static String resource(String service) {
    try (InputStream in =
        ApiReferenceIT.class.getResourceAsStream("/openapi/" + service + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
