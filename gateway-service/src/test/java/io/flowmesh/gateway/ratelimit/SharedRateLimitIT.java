package io.flowmesh.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.gateway.GatewayFixture;
import io.flowmesh.gateway.StubService;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway replicas on one database draw from the same buckets: a tenant's and a key's quota
 * hold for the whole gateway, not per replica. Rates so low that no bucket refills during the test.
 */
class SharedRateLimitIT {

  private static final String BOOTSTRAP_KEY = "fm_live_bootstrap_for_rate_limit_it";
  private static final JsonMapper json = JsonMapper.builder().build();

  private static StubService orchestrator;
  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;
  private static GatewayFixture viaFirst;
  private static GatewayFixture viaSecond;

  @BeforeAll
  static void startTwoReplicas() {
    orchestrator = StubService.start();
    Map<String, Object> settings =
        GatewayFixture.settings(
            TestInfrastructure.newDatabase("gateway_rate_limit"), BOOTSTRAP_KEY, "platform");
    settings.put("flowmesh.services.orchestrator-url", orchestrator.baseUrl());
    settings.put("flowmesh.gateway.rate-limit.requests", "5");
    settings.put("flowmesh.gateway.rate-limit.period", "1h");
    settings.put("flowmesh.gateway.rate-limit.per-key.requests", "3");
    settings.put("flowmesh.gateway.rate-limit.per-key.period", "1h");
    first = GatewayFixture.start(settings);
    second = GatewayFixture.start(settings);
    viaFirst = new GatewayFixture(() -> GatewayFixture.port(first));
    viaSecond = new GatewayFixture(() -> GatewayFixture.port(second));
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
    orchestrator.close();
  }

  @Test
  void aKeysQuotaIsSharedByBothReplicasAndItsTenantsToo() throws Exception {
    // Three calls of the bootstrap key, its whole quota: they cost the platform tenant, not acme.
    viaFirst.postJson("/api/v1/tenants", BOOTSTRAP_KEY, "{\"id\": \"acme\"}");
    String one = newKey("acme", "one");
    String two = newKey("acme", "two");

    HttpResponse<String> firstCall = viaFirst.get("/api/v1/runs", one);
    assertThat(firstCall.statusCode()).isEqualTo(200);
    assertThat(firstCall.headers().firstValue("RateLimit-Policy"))
        .hasValue("\"key\";q=3;w=3600, \"tenant\";q=5;w=3600");
    assertThat(firstCall.headers().firstValue("RateLimit"))
        .hasValueSatisfying(
            value -> assertThat(value).startsWith("\"key\";r=2;").contains("\"tenant\";r=4;"));
    assertThat(viaSecond.get("/api/v1/runs", one).statusCode()).isEqualTo(200);
    assertThat(viaFirst.get("/api/v1/runs", one).statusCode()).isEqualTo(200);

    // The key's fourth request, on the replica that has seen only one of the three.
    HttpResponse<String> keyLimited = viaSecond.get("/api/v1/runs", one);

    assertThat(keyLimited.statusCode()).isEqualTo(429);
    assertThat(keyLimited.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json");
    assertThat(keyLimited.body()).contains(ProblemTypes.RATE_LIMITED.toString()).contains("key");
    // The next of 3 tokens per hour comes back in 20 minutes.
    assertThat(keyLimited.headers().firstValue("Retry-After"))
        .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1100L, 1200L));
    assertThat(keyLimited.headers().firstValue("RateLimit")).isPresent();

    // The refusal cost the tenant nothing: it has 2 of its 5 left, which the second key takes.
    assertThat(viaSecond.get("/api/v1/runs", two).statusCode()).isEqualTo(200);
    assertThat(viaFirst.get("/api/v1/runs", two).statusCode()).isEqualTo(200);

    // The second key still has a request of its own, but its tenant has none.
    HttpResponse<String> tenantLimited = viaSecond.get("/api/v1/runs", two);

    assertThat(tenantLimited.statusCode()).isEqualTo(429);
    assertThat(tenantLimited.body()).contains("tenant");
    assertThat(tenantLimited.headers().firstValue("Retry-After")).isPresent();
    // Probes are never limited.
    assertThat(viaFirst.send(viaFirst.request("/actuator/health/liveness")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aTenantWithALimitOfItsOwnIsHeldToItAndAnExemptOneOnlyToItsKeys() throws Exception {
    // A gateway of its own: four admin calls of the bootstrap key, each key four calls an hour,
    // every tenant 100 but "small" 1 and "exempt" none.
    Map<String, Object> settings =
        GatewayFixture.settings(
            TestInfrastructure.newDatabase("gateway_rate_limit_tenants"),
            BOOTSTRAP_KEY,
            "platform");
    settings.put("flowmesh.services.orchestrator-url", orchestrator.baseUrl());
    settings.put("flowmesh.gateway.rate-limit.requests", "100");
    settings.put("flowmesh.gateway.rate-limit.period", "1h");
    settings.put("flowmesh.gateway.rate-limit.per-key.requests", "4");
    settings.put("flowmesh.gateway.rate-limit.per-key.period", "1h");
    settings.put("flowmesh.gateway.rate-limit.tenants.small.requests", "1");
    settings.put("flowmesh.gateway.rate-limit.tenants.small.period", "1h");
    settings.put("flowmesh.gateway.rate-limit.tenants.exempt.requests", "0");
    try (ConfigurableApplicationContext context = GatewayFixture.start(settings)) {
      GatewayFixture gateway = new GatewayFixture(() -> GatewayFixture.port(context));
      gateway.postJson("/api/v1/tenants", BOOTSTRAP_KEY, "{\"id\": \"small\"}");
      gateway.postJson("/api/v1/tenants", BOOTSTRAP_KEY, "{\"id\": \"exempt\"}");
      String small = newKey(gateway, "small", "only");
      String exempt = newKey(gateway, "exempt", "only");

      HttpResponse<String> first = gateway.get("/api/v1/runs", small);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("RateLimit-Policy"))
          .hasValue("\"key\";q=4;w=3600, \"tenant\";q=1;w=3600");
      HttpResponse<String> second = gateway.get("/api/v1/runs", small);
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.body()).contains("tenant");

      for (int call = 0; call < 4; call++) {
        HttpResponse<String> allowed = gateway.get("/api/v1/runs", exempt);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"key\";q=4;w=3600");
      }
      HttpResponse<String> keyLimited = gateway.get("/api/v1/runs", exempt);
      assertThat(keyLimited.statusCode()).isEqualTo(429);
      assertThat(keyLimited.body()).contains("key");
    }
  }

  private String newKey(String tenant, String name) throws Exception {
    return newKey(viaFirst, tenant, name);
  }

  private static String newKey(GatewayFixture gateway, String tenant, String name)
      throws Exception {
    HttpResponse<String> created =
        gateway.postJson(
            "/api/v1/tenants/" + tenant + "/api-keys",
            BOOTSTRAP_KEY,
            "{\"name\": \"" + name + "\", \"scopes\": [\"runs:read\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).path("secret").asString();
  }
}
