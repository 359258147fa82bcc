package io.flowmesh.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.gateway.GatewayFixture;
import io.flowmesh.gateway.StubService;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * API keys, scopes, tenants and the audit log through one gateway on a real PostgreSQL, in front of
 * a real HTTP server standing in for the orchestrator.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "flowmesh.gateway.api-keys.last-used-flush-interval=200ms",
      "flowmesh.gateway.audit.flush-interval=50ms",
      "flowmesh.gateway.max-request-size=1MB"
    })
class ApiKeysIT {

  private static final String BOOTSTRAP_KEY = "fm_live_bootstrap_for_api_keys_it";
  private static final String PLATFORM_TENANT = "platform";

  private static final StubService orchestrator = StubService.start();
  private static final JsonMapper json = JsonMapper.builder().build();

  @LocalServerPort int port;

  private final GatewayFixture gateway = new GatewayFixture(() -> port);
  private final Map<String, String> keyIds = new HashMap<>();

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, BOOTSTRAP_KEY, PLATFORM_TENANT);
    GatewayFixture.service(registry, "orchestrator", orchestrator);
  }

  @AfterAll
  static void stopStub() {
    orchestrator.close();
  }

  @Test
  void bootstrapKeyCreatesAKeyWhoseSecretIsShownOnceAndWhichActsForTheTenant() throws Exception {
    HttpResponse<String> created =
        gateway.postJson(
            "/api/v1/api-keys",
            BOOTSTRAP_KEY,
            """
            {"name": "ci pipeline", "scopes": ["runs:read"]}
            """);

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = json.readTree(created.body());
    String id = body.path("key").path("id").asString();
    String secret = body.path("secret").asString();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/api-keys/" + id);
    assertThat(secret).startsWith("fm_live_").hasSizeGreaterThan(40);
    assertThat(body.path("key").path("prefix").asString()).isEqualTo(secret.substring(0, 14));
    assertThat(body.path("key").path("scopes").get(0).asString()).isEqualTo("runs:read");

    HttpResponse<String> fetched = gateway.get("/api/v1/api-keys/" + id, BOOTSTRAP_KEY);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).doesNotContain(secret).contains("\"status\":\"active\"");

    orchestrator.clear();
    HttpResponse<String> runs = gateway.get("/api/v1/runs", secret);
    assertThat(runs.statusCode()).isEqualTo(200);
    StubService.Received forwarded = orchestrator.nextReceived();
    assertThat(forwarded.headers().getFirst(InternalHeaders.TENANT)).isEqualTo(PLATFORM_TENANT);
    assertThat(forwarded.headers().getFirst("Authorization")).isNull();
  }

  @Test
  void keyWithoutTheScopeIsForbiddenWithAProblemNamingTheScopeAndNothingIsForwarded()
      throws Exception {
    String reader = createKey(BOOTSTRAP_KEY, "reader", "runs:read");
    orchestrator.clear();

    HttpResponse<String> start = gateway.postJson("/api/v1/runs", reader, "{}");

    assertProblem(start, 403, ProblemTypes.INSUFFICIENT_SCOPE);
    assertThat(json.readTree(start.body()).path("missingScope").asString()).isEqualTo("runs:write");
    assertThat(start.body()).contains("runs:write");
    assertThat(orchestrator.nextReceived()).isNull();
    assertProblem(gateway.get("/api/v1/runs/tasks", reader), 403, ProblemTypes.INSUFFICIENT_SCOPE);
    assertProblem(gateway.get("/api/v1/api-keys", reader), 403, ProblemTypes.INSUFFICIENT_SCOPE);
  }

  @Test
  void unknownScopeAndMalformedJsonAreBadRequestsNamingWhatIsWrong() throws Exception {
    HttpResponse<String> unknownScope =
        gateway.postJson(
            "/api/v1/api-keys", BOOTSTRAP_KEY, "{\"name\": \"x\", \"scopes\": [\"runs:fly\"]}");
    assertProblem(unknownScope, 400, ProblemTypes.VALIDATION);
    assertThat(unknownScope.body()).contains("runs:fly");

    assertProblem(
        gateway.postJson("/api/v1/api-keys", BOOTSTRAP_KEY, "{\"name\": "),
        400,
        ProblemTypes.MALFORMED_REQUEST);
    assertProblem(
        gateway.postJson("/api/v1/api-keys", BOOTSTRAP_KEY, "{\"name\": \"x\", \"scopes\": 7}"),
        400,
        ProblemTypes.MALFORMED_REQUEST);
    assertProblem(
        gateway.postJson("/api/v1/api-keys", BOOTSTRAP_KEY, "{\"scopes\": [\"runs:read\"]}"),
        400,
        ProblemTypes.VALIDATION);
    assertProblem(
        gateway.get("/api/v1/api-keys?limit=0", BOOTSTRAP_KEY), 400, ProblemTypes.VALIDATION);
    assertProblem(
        gateway.get("/api/v1/api-keys?cursor=%21%21", BOOTSTRAP_KEY), 400, ProblemTypes.VALIDATION);
  }

  @Test
  void oversizedBodyIsAProblemNotAServerError() throws Exception {
    String large = "{\"name\": \"" + "x".repeat(600 * 1024) + "\", \"scopes\": [\"runs:read\"]}";

    assertProblem(
        gateway.postJson("/api/v1/api-keys", BOOTSTRAP_KEY, large),
        413,
        ProblemTypes.PAYLOAD_TOO_LARGE);
  }

  @Test
  void aKeyCannotGrantAScopeItLacks() throws Exception {
    String keyAdmin = createKey(BOOTSTRAP_KEY, "key admin", "keys:admin", "runs:read");

    HttpResponse<String> escalation =
        gateway.postJson(
            "/api/v1/api-keys", keyAdmin, "{\"name\": \"x\", \"scopes\": [\"runs:write\"]}");

    assertProblem(escalation, 403, ProblemTypes.INSUFFICIENT_SCOPE);
    assertThat(escalation.body()).contains("runs:write");
    assertThat(
            gateway
                .postJson(
                    "/api/v1/api-keys", keyAdmin, "{\"name\": \"x\", \"scopes\": [\"runs:read\"]}")
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void keysAreListedInPagesWithoutSecrets() throws Exception {
    String admin = newTenantWithAdminKey("paging");
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      secrets.add(createKey(admin, "key " + i, "runs:read"));
    }

    JsonNode first = json.readTree(gateway.get("/api/v1/api-keys?limit=2", admin).body());
    String cursor = first.path("nextCursor").asString();
    JsonNode second =
        json.readTree(gateway.get("/api/v1/api-keys?limit=2&cursor=" + cursor, admin).body());

    // The admin key itself and the three new ones.
    assertThat(first.path("items")).hasSize(2);
    assertThat(second.path("items")).hasSize(2);
    assertThat(second.path("nextCursor").isNull()).isTrue();
    String listed = first.toString() + second;
    secrets.forEach(secret -> assertThat(listed).doesNotContain(secret));
    assertThat(second.path("items").get(0).path("prefix").asString()).startsWith("fm_live_");
  }

  @Test
  void anotherTenantsKeyIdIsNotFoundNeverForbidden() throws Exception {
    String otherAdmin = newTenantWithAdminKey("other");
    String mine = createKeyId(BOOTSTRAP_KEY, "mine", "runs:read");

    assertProblem(gateway.get("/api/v1/api-keys/" + mine, otherAdmin), 404, ProblemTypes.NOT_FOUND);
    assertProblem(
        gateway.postJson("/api/v1/api-keys/" + mine + "/revoke", otherAdmin, ""),
        404,
        ProblemTypes.NOT_FOUND);
    assertProblem(
        gateway.get("/api/v1/api-keys/key_nosuchkey", BOOTSTRAP_KEY), 404, ProblemTypes.NOT_FOUND);
    assertThat(gateway.get("/api/v1/api-keys/" + mine, BOOTSTRAP_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void revokedKeyIsRefusedAtOnceOnTheReplicaThatRevokedIt() throws Exception {
    JsonNode created = createKeyBody(BOOTSTRAP_KEY, "short lived", "runs:read");
    String secret = created.path("secret").asString();
    String id = created.path("key").path("id").asString();
    assertThat(gateway.get("/api/v1/runs", secret).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        gateway.postJson("/api/v1/api-keys/" + id + "/revoke", BOOTSTRAP_KEY, "");

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json.readTree(revoked.body()).path("status").asString()).isEqualTo("revoked");
    assertProblem(gateway.get("/api/v1/runs", secret), 401, ProblemTypes.UNAUTHORIZED);
  }

  @Test
  void rotatedKeyKeepsItsOldSecretForTheOverlapOnly() throws Exception {
    JsonNode created = createKeyBody(BOOTSTRAP_KEY, "rotating", "runs:read");
    String oldSecret = created.path("secret").asString();
    String id = created.path("key").path("id").asString();

    HttpResponse<String> withOverlap =
        gateway.postJson(
            "/api/v1/api-keys/" + id + "/rotate", BOOTSTRAP_KEY, "{\"overlapSeconds\": 3600}");
    String newSecret = json.readTree(withOverlap.body()).path("secret").asString();

    assertThat(withOverlap.statusCode()).isEqualTo(200);
    assertThat(newSecret).startsWith("fm_live_").isNotEqualTo(oldSecret);
    assertThat(gateway.get("/api/v1/runs", oldSecret).statusCode()).isEqualTo(200);
    assertThat(gateway.get("/api/v1/runs", newSecret).statusCode()).isEqualTo(200);

    HttpResponse<String> withoutOverlap =
        gateway.postJson("/api/v1/api-keys/" + id + "/rotate", BOOTSTRAP_KEY, "");
    String newest = json.readTree(withoutOverlap.body()).path("secret").asString();

    assertProblem(gateway.get("/api/v1/runs", oldSecret), 401, ProblemTypes.UNAUTHORIZED);
    assertProblem(gateway.get("/api/v1/runs", newSecret), 401, ProblemTypes.UNAUTHORIZED);
    assertThat(gateway.get("/api/v1/runs", newest).statusCode()).isEqualTo(200);
    assertProblem(
        gateway.postJson(
            "/api/v1/api-keys/" + id + "/rotate", BOOTSTRAP_KEY, "{\"overlapSeconds\": -1}"),
        400,
        ProblemTypes.VALIDATION);
  }

  @Test
  void lastUsedIsRecordedWithoutAWritePerRequest() throws Exception {
    JsonNode created = createKeyBody(BOOTSTRAP_KEY, "used", "runs:read");
    String id = created.path("key").path("id").asString();
    assertThat(created.path("key").path("lastUsedAt").isNull()).isTrue();

    gateway.get("/api/v1/runs", created.path("secret").asString());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        json.readTree(gateway.get("/api/v1/api-keys/" + id, BOOTSTRAP_KEY).body())
                            .path("lastUsedAt")
                            .isString())
                    .isTrue());
  }

  @Test
  void suspendedTenantsKeysAreRefusedUntilItIsResumed() throws Exception {
    String admin = newTenantWithAdminKey("suspendable");
    assertThat(gateway.get("/api/v1/api-keys", admin).statusCode()).isEqualTo(200);

    HttpResponse<String> suspended =
        gateway.postJson("/api/v1/tenants/suspendable/suspend", BOOTSTRAP_KEY, "");

    assertThat(json.readTree(suspended.body()).path("status").asString()).isEqualTo("suspended");
    HttpResponse<String> refused = gateway.get("/api/v1/api-keys", admin);
    assertProblem(refused, 403, ProblemTypes.TENANT_SUSPENDED);
    assertThat(refused.body()).contains("suspended");

    gateway.postJson("/api/v1/tenants/suspendable/resume", BOOTSTRAP_KEY, "");

    assertThat(gateway.get("/api/v1/api-keys", admin).statusCode()).isEqualTo(200);
  }

  @Test
  void onlyPlatformAdminsManageTenantsAndThePlatformTenantCannotBeSuspended() throws Exception {
    String tenantAdmin = newTenantWithAdminKey("ordinary");

    assertProblem(
        gateway.get("/api/v1/tenants", tenantAdmin), 403, ProblemTypes.INSUFFICIENT_SCOPE);
    assertProblem(
        gateway.postJson(
            "/api/v1/tenants/ordinary/api-keys",
            BOOTSTRAP_KEY,
            "{\"name\": \"x\", \"scopes\": [\"platform:admin\"]}"),
        400,
        ProblemTypes.VALIDATION);
    assertProblem(
        gateway.postJson("/api/v1/tenants/" + PLATFORM_TENANT + "/suspend", BOOTSTRAP_KEY, ""),
        409,
        ProblemTypes.CONFLICT);
    assertProblem(
        gateway.get("/api/v1/tenants/nobody", BOOTSTRAP_KEY), 404, ProblemTypes.NOT_FOUND);
    assertProblem(
        gateway.postJson("/api/v1/tenants", BOOTSTRAP_KEY, "{\"id\": \"bad id!\"}"),
        400,
        ProblemTypes.VALIDATION);
    assertProblem(
        gateway.postJson("/api/v1/tenants", BOOTSTRAP_KEY, "{\"id\": \"ordinary\"}"),
        409,
        ProblemTypes.CONFLICT);
    assertThat(gateway.get("/api/v1/tenants/" + PLATFORM_TENANT, BOOTSTRAP_KEY).statusCode())
        .isEqualTo(200);
  }

  @Test
  void mutatingCallsAreAuditedPerTenantWithWhoWhatAndOutcome() throws Exception {
    String admin = newTenantWithAdminKey("audited");
    String adminId = keyIdOf(admin);
    String reader = createKey(admin, "reader", "runs:read");
    gateway.postJson("/api/v1/runs", reader, "{}"); // refused: 403
    HttpResponse<String> started =
        gateway.send(
            gateway
                .authorized("/api/v1/runs", admin)
                .header(InternalHeaders.REQUEST_ID, "audit-me-1")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{}")));
    assertThat(started.statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode all = json.readTree(gateway.get("/api/v1/audit", admin).body());
              assertThat(all.path("items")).hasSize(3);
            });
    JsonNode newest = json.readTree(gateway.get("/api/v1/audit?limit=1", admin).body());
    JsonNode entry = newest.path("items").get(0);
    assertThat(entry.path("method").asString()).isEqualTo("POST");
    assertThat(entry.path("path").asString()).isEqualTo("/api/v1/runs");
    assertThat(entry.path("route").asString()).isEqualTo("orchestrator");
    assertThat(entry.path("status").asInt()).isEqualTo(200);
    assertThat(entry.path("keyId").asString()).isEqualTo(adminId);
    assertThat(entry.path("requestId").asString()).isEqualTo("audit-me-1");

    JsonNode failures = json.readTree(gateway.get("/api/v1/audit?outcome=failure", admin).body());
    assertThat(failures.path("items")).hasSize(1);
    assertThat(failures.path("items").get(0).path("status").asInt()).isEqualTo(403);
    JsonNode byKey = json.readTree(gateway.get("/api/v1/audit?keyId=" + adminId, admin).body());
    // the key it created for the reader, and the run it started
    assertThat(byKey.path("items")).hasSize(2);
    assertThat(byKey.path("items").get(1).path("route").asString()).isEqualTo("gateway");
    JsonNode secondPage =
        json.readTree(
            gateway
                .get("/api/v1/audit?limit=1&cursor=" + newest.path("nextCursor").asString(), admin)
                .body());
    assertThat(secondPage.path("items").get(0).path("id").asLong())
        .isLessThan(entry.path("id").asLong());
    JsonNode future =
        json.readTree(gateway.get("/api/v1/audit?from=2999-01-01T00:00:00Z", admin).body());
    assertThat(future.path("items")).isEmpty();
    assertProblem(gateway.get("/api/v1/audit?from=yesterday", admin), 400, ProblemTypes.VALIDATION);
    // Another tenant sees none of it.
    assertThat(gateway.get("/api/v1/audit", BOOTSTRAP_KEY).body()).doesNotContain(adminId);
  }

  /** A new tenant and a key of it with every tenant scope, made with the bootstrap key. */
  private String newTenantWithAdminKey(String tenant) throws Exception {
    assertThat(
            gateway
                .postJson("/api/v1/tenants", BOOTSTRAP_KEY, "{\"id\": \"" + tenant + "\"}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> key =
        gateway.postJson(
            "/api/v1/tenants/" + tenant + "/api-keys",
            BOOTSTRAP_KEY,
            """
            {"name": "admin", "scopes": ["keys:admin", "tenant:admin", "runs:read", "runs:write"]}
            """);
    assertThat(key.statusCode()).isEqualTo(201);
    String secret = json.readTree(key.body()).path("secret").asString();
    keyIds.put(secret, json.readTree(key.body()).path("key").path("id").asString());
    return secret;
  }

  private String keyIdOf(String secret) {
    return keyIds.get(secret);
  }

  private String createKey(String creator, String name, String... scopes) throws Exception {
    return createKeyBody(creator, name, scopes).path("secret").asString();
  }

  private String createKeyId(String creator, String name, String... scopes) throws Exception {
    return createKeyBody(creator, name, scopes).path("key").path("id").asString();
  }

  private JsonNode createKeyBody(String creator, String name, String... scopes) throws Exception {
    String body = json.writeValueAsString(Map.of("name", name, "scopes", List.of(scopes)));
    HttpResponse<String> created = gateway.postJson("/api/v1/api-keys", creator, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body());
  }

  private static void assertProblem(HttpResponse<String> response, int status, URI type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).path("type").asString()).isEqualTo(type.toString());
  }
}
