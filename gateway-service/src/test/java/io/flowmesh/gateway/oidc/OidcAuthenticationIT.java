package io.flowmesh.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.gateway.GatewayFixture;
import io.flowmesh.gateway.StubService;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway accepts the access tokens of a real OpenID provider (Spring Authorization Server,
 * started here) beside API keys: the tenant and scopes come from the token's claims, a token the
 * gateway must not trust is answered 401 with a problem saying why, and the provider can rotate its
 * signing key without the gateway being told.
 */
class OidcAuthenticationIT {

  private static final String BOOTSTRAP_KEY = "fm_live_bootstrap_for_oidc_it";
  private static final JsonMapper json = JsonMapper.builder().build();

  private static OidcTestIssuer issuer;
  private static StubService orchestrator;
  private static ConfigurableApplicationContext gatewayContext;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    issuer = OidcTestIssuer.start();
    orchestrator = StubService.start();
    Map<String, Object> settings =
        GatewayFixture.settings(
            TestInfrastructure.newDatabase("gateway_oidc"), BOOTSTRAP_KEY, "platform");
    settings.put("flowmesh.services.orchestrator-url", orchestrator.baseUrl());
    settings.put("flowmesh.gateway.oidc.issuers[0].issuer-uri", issuer.issuerUri());
    settings.put("flowmesh.gateway.oidc.issuers[0].audiences[0]", OidcTestIssuer.AUDIENCE);
    gatewayContext = GatewayFixture.start(settings);
    gateway = new GatewayFixture(() -> GatewayFixture.port(gatewayContext));
  }

  @AfterAll
  static void stop() {
    gatewayContext.close();
    orchestrator.close();
    issuer.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    orchestrator.clear();
  }

  @Test
  void tokenActsForTheTenantItsClaimNamesAndReachesTheServiceWithoutTheToken() throws Exception {
    String token = issuer.accessToken("acme-reader", "reader-secret", "runs:read platform:admin");

    HttpResponse<String> response = gateway.get("/api/v1/runs", token);

    assertThat(response.statusCode()).isEqualTo(200);
    StubService.Received forwarded = orchestrator.nextReceived();
    assertThat(forwarded.headers().getFirst(InternalHeaders.TENANT)).isEqualTo("acme");
    assertThat(forwarded.headers().containsKey("Authorization")).isFalse();
  }

  @Test
  void tokenMayDoOnlyWhatItsScopesAllow() throws Exception {
    // acme-reader was granted runs:read and platform:admin; a provider's token never carries the
    // latter, and runs:write it was not granted.
    String reader = issuer.accessToken("acme-reader", "reader-secret", "runs:read platform:admin");
    assertProblem(
        gateway.postJson("/api/v1/runs", reader, "{}"), 403, ProblemTypes.INSUFFICIENT_SCOPE);
    assertProblem(gateway.get("/api/v1/tenants", reader), 403, ProblemTypes.INSUFFICIENT_SCOPE);

    String writer = issuer.accessToken("acme-writer", "writer-secret", "runs:read runs:write");
    assertThat(gateway.postJson("/api/v1/runs", writer, "{}").statusCode()).isEqualTo(200);
    assertThat(orchestrator.nextReceived().headers().getFirst(InternalHeaders.TENANT))
        .isEqualTo("acme");
  }

  @Test
  void tokenForAnotherAudienceIsRefused() throws Exception {
    String stranger = issuer.accessToken("stranger", "stranger-secret", "runs:read");

    JsonNode problem = assertProblem(gateway.get("/api/v1/runs", stranger), 401, null);

    assertThat(problem.get("detail").asString()).contains("aud");
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void tokenWithAlteredSignatureIsRefused() throws Exception {
    String token = issuer.accessToken("acme-reader", "reader-secret", "runs:read platform:admin");
    String[] parts = token.split("\\.");
    String altered =
        parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse().toString();

    HttpResponse<String> response = gateway.get("/api/v1/runs", altered);

    assertProblem(response, 401, ProblemTypes.UNAUTHORIZED);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token");
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void tokensSignedWithTheProvidersNextKeyAreAcceptedAfterARotation() throws Exception {
    assertThat(
            gateway.get(
                "/api/v1/runs",
                issuer.accessToken("acme-reader", "reader-secret", "runs:read platform:admin")))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(200);

    issuer.rotateKey();
    String signedWithNewKey =
        issuer.accessToken("acme-reader", "reader-secret", "runs:read platform:admin");

    assertThat(gateway.get("/api/v1/runs", signedWithNewKey).statusCode()).isEqualTo(200);
  }

  @Test
  void apiKeysAreStillAccepted() throws Exception {
    assertThat(gateway.get("/api/v1/runs", BOOTSTRAP_KEY).statusCode()).isEqualTo(200);
    assertThat(orchestrator.nextReceived().headers().getFirst(InternalHeaders.TENANT))
        .isEqualTo("platform");
  }

  private static JsonNode assertProblem(
      HttpResponse<String> response, int status, java.net.URI type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    if (type != null) {
      assertThat(problem.get("type").asString()).isEqualTo(type.toString());
    }
    return problem;
  }
}
