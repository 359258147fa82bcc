package io.flowmesh.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.gateway.GatewayFixture;
import io.flowmesh.gateway.StubService;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway replicas on one database: a key revoked, or a tenant suspended, through one replica
 * is refused by the other within 5 seconds, the promise of docs/security.md.
 */
class RevocationAcrossReplicasIT {

  private static final String BOOTSTRAP_KEY = "fm_live_bootstrap_for_replicas_it";
  private static final Duration PROMISE = Duration.ofSeconds(5);
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
            TestInfrastructure.newDatabase("gateway_replicas"), BOOTSTRAP_KEY, "platform");
    settings.put("flowmesh.services.orchestrator-url", orchestrator.baseUrl());
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
  void keyRevokedOnOneReplicaIsRefusedByTheOtherWithinFiveSeconds() throws Exception {
    JsonNode created =
        json.readTree(
            viaFirst
                .postJson(
                    "/api/v1/api-keys",
                    BOOTSTRAP_KEY,
                    "{\"name\": \"to revoke\", \"scopes\": [\"runs:read\"]}")
                .body());
    String secret = created.path("secret").asString();
    String id = created.path("key").path("id").asString();
    // The second replica has the key cached as valid now.
    assertThat(viaSecond.get("/api/v1/runs", secret).statusCode()).isEqualTo(200);

    assertThat(
            viaFirst.postJson("/api/v1/api-keys/" + id + "/revoke", BOOTSTRAP_KEY, "").statusCode())
        .isEqualTo(200);

    await()
        .atMost(PROMISE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> assertThat(viaSecond.get("/api/v1/runs", secret).statusCode()).isEqualTo(401));
  }

  @Test
  void tenantSuspendedOnOneReplicaIsRefusedByTheOtherWithinFiveSeconds() throws Exception {
    assertThat(
            viaFirst.postJson("/api/v1/tenants", BOOTSTRAP_KEY, "{\"id\": \"acme\"}").statusCode())
        .isEqualTo(201);
    String secret =
        json.readTree(
                viaFirst
                    .postJson(
                        "/api/v1/tenants/acme/api-keys",
                        BOOTSTRAP_KEY,
                        "{\"name\": \"acme ci\", \"scopes\": [\"runs:read\"]}")
                    .body())
            .path("secret")
            .asString();
    assertThat(viaSecond.get("/api/v1/runs", secret).statusCode()).isEqualTo(200);

    viaFirst.postJson("/api/v1/tenants/acme/suspend", BOOTSTRAP_KEY, "");

    await()
        .atMost(PROMISE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              HttpResponse<String> refused = viaSecond.get("/api/v1/runs", secret);
              assertThat(refused.statusCode()).isEqualTo(403);
              assertThat(refused.body()).contains(ProblemTypes.TENANT_SUSPENDED.toString());
            });

    viaFirst.postJson("/api/v1/tenants/acme/resume", BOOTSTRAP_KEY, "");

    await()
        .atMost(PROMISE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> assertThat(viaSecond.get("/api/v1/runs", secret).statusCode()).isEqualTo(200));
  }
}
