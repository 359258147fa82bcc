package io.flowmesh.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Integration types and connections through the REST API as the gateway calls it. */
class IntegrationsIT extends ServiceIT {

  @Test
  void listsThePlatformIntegrationTypes() {
    MvcTestResult result = get("acme", "/api/v1/integration-types");

    assertThat(result).hasStatusOk();
    assertThat(result)
        .bodyJson()
        .extractingPath("$.items[*].type")
        .asArray()
        .containsExactly(
            "api-key-header",
            "blob",
            "clerk",
            "fal",
            "firecrawl",
            "github",
            "http-basic",
            "http-bearer",
            "linear",
            "oauth2-client-credentials",
            "openai",
            "perplexity",
            "resend",
            "slack-webhook",
            "smtp",
            "stripe",
            "superagent",
            "v0",
            "webflow");
    assertThat(result).bodyJson().extractingPath("$.nextCursor").isNull();
  }

  @Test
  void pagesIntegrationTypesWithACursor() throws Exception {
    MvcTestResult first = get("acme", "/api/v1/integration-types?limit=5");
    String cursor = JsonPath.read(first.getResponse().getContentAsString(), "$.nextCursor");

    MvcTestResult second = get("acme", "/api/v1/integration-types?limit=5&cursor=" + cursor);

    assertThat(second)
        .bodyJson()
        .extractingPath("$.items[*].type")
        .asArray()
        .containsExactly(
            "github", "http-basic", "http-bearer", "linear", "oauth2-client-credentials");
    assertThat(second).bodyJson().extractingPath("$.nextCursor").isNotNull();
  }

  @Test
  void aTypeSeparatesPlainSettingsFromSecrets() {
    MvcTestResult result = get("acme", "/api/v1/integration-types/http-basic");

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.displayName").isNotNull();
    assertThat(result)
        .bodyJson()
        .extractingPath("$.settingsSchema.required")
        .asArray()
        .containsExactly("baseUrl", "username");
    assertThat(result)
        .bodyJson()
        .extractingPath("$.settingsSchema.properties")
        .asMap()
        .doesNotContainKey("password");
    assertThat(result)
        .bodyJson()
        .extractingPath("$.secretSchema.required")
        .asArray()
        .containsExactly("password");
  }

  @Test
  void unknownIntegrationTypeIsA404Problem() {
    MvcTestResult result = get("acme", "/api/v1/integration-types/carrier-pigeon");

    assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.NOT_FOUND.toString());
    assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("carrier-pigeon");
  }

  @Test
  void aNewTenantHasNoConnections() {
    MvcTestResult result = get("fresh-tenant", "/api/v1/connections");

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.items").asArray().isEmpty();
    assertThat(result).bodyJson().extractingPath("$.nextCursor").isNull();
  }

  @Test
  void connectionsAreTenantScopedAndNeverShowTheirSecret() {
    insertConnection(
        "initech",
        "conn_01",
        "http-bearer",
        "reports-api",
        "{\"baseUrl\": \"https://reports.initech.example\"}",
        true);
    insertConnection("initech", "conn_02", "slack-webhook", "alerts", "{}", false);
    insertConnection(
        "hooli", "conn_03", "smtp", "mail", "{\"host\": \"smtp.hooli.example\"}", false);

    MvcTestResult initech = get("initech", "/api/v1/connections");

    assertThat(initech)
        .bodyJson()
        .extractingPath("$.items[*].id")
        .asArray()
        .containsExactly("conn_01", "conn_02");
    assertThat(initech).bodyJson().extractingPath("$.items[0].hasSecret").isEqualTo(true);
    assertThat(initech)
        .bodyJson()
        .extractingPath("$.items[0].settings.baseUrl")
        .isEqualTo("https://reports.initech.example");
    assertThat(initech).bodyText().doesNotContain("encrypted").doesNotContain("keyId");
    assertThat(get("initech", "/api/v1/connections/conn_01"))
        .bodyJson()
        .extractingPath("$.name")
        .isEqualTo("reports-api");
    assertThat(get("hooli", "/api/v1/connections/conn_01")).hasStatus(404);
  }

  @Test
  void unknownConnectionIsA404Problem() {
    MvcTestResult result = get("acme", "/api/v1/connections/conn_missing");

    assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.NOT_FOUND.toString());
  }

  @Test
  void badPagingParametersAre400Problems() {
    MvcTestResult negative = get("acme", "/api/v1/connections?limit=-1");
    assertThat(negative).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(negative).bodyJson().extractingPath("$.errors[0].field").isEqualTo("limit");

    assertThat(get("acme", "/api/v1/integration-types?limit=1.5")).hasStatus(400);
    assertThat(get("acme", "/api/v1/connections?cursor=%00")).hasStatus(400);
  }

  @Test
  void requestWithoutTheGatewayTokenIsA401Problem() {
    MvcTestResult result =
        mvc.get()
            .uri("/api/v1/connections")
            .header(InternalHeaders.GATEWAY_TOKEN, "wrong-token")
            .header(InternalHeaders.TENANT, "acme")
            .exchange();

    assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.UNAUTHORIZED.toString());
    assertThat(mvc.get().uri("/api/v1/integration-types").exchange()).hasStatus(401);
  }

  @Test
  void readinessCoversDatabaseAndKafka() {
    MvcTestResult result = mvc.get().uri("/actuator/health/readiness").exchange();

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
    assertThat(result).bodyJson().extractingPath("$.components.kafka.status").isEqualTo("UP");
    assertThat(mvc.get().uri("/actuator/prometheus").exchange()).hasStatusOk();
    assertThat(mvc.get().uri("/v3/api-docs").exchange())
        .bodyJson()
        .extractingPath("$.paths['/api/v1/connections']")
        .isNotNull();
    assertThat(mvc.get().uri("/v3/api-docs").exchange())
        .bodyJson()
        .extractingPath("$.paths")
        .asMap()
        .containsKey("/api/v1/connections/{id}/health")
        .doesNotContainKey("/internal/v1/connections/{id}/credentials");
  }

  private void insertConnection(
      String tenant, String id, String type, String name, String settings, boolean withSecret) {
    jdbc.sql(
            "INSERT INTO connections (tenant, id, type, name, settings, encrypted_secret, key_id,"
                + " secret_fields) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)")
        .params(
            tenant,
            id,
            type,
            name,
            settings,
            withSecret ? new byte[] {1, 2, 3} : null,
            withSecret ? "key-1" : null,
            withSecret ? new String[] {"token"} : new String[0])
        .update();
  }
}
