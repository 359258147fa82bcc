package io.flowmesh.functions.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The registry's REST API as the gateway calls it. */
class FunctionRegistryIT extends IntegrationTestBase {

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;

  @Test
  void listsTheBuiltinsToEveryTenant() {
    MvcTestResult result = get("fresh-tenant", "/api/v1/functions");

    assertThat(result).hasStatusOk();
    assertThat(result)
        .bodyJson()
        .extractingPath("$.items[?(@.executionType == 'builtin')].slug")
        .asArray()
        .containsExactly(
            "core/echo",
            "core/hash",
            "core/noop",
            "core/transform",
            "core/uuid",
            "email/send",
            "slack/send-message",
            "system/http-request");
    assertThat(result).bodyJson().extractingPath("$.items[0].shared").isEqualTo(true);
    assertThat(result).bodyJson().extractingPath("$.nextCursor").isNull();
  }

  @Test
  void pagesWithACursor() throws Exception {
    // The platform's functions grow with the packs: the pages are checked against the whole list.
    List<String> all =
        JsonPath.read(
            get("paging-tenant", "/api/v1/functions").getResponse().getContentAsString(),
            "$.items[*].slug");
    MvcTestResult first = get("paging-tenant", "/api/v1/functions?limit=1");
    assertThat(first)
        .bodyJson()
        .extractingPath("$.items[*].slug")
        .asArray()
        .containsExactly(all.get(0));
    String cursor = jsonString(first, "nextCursor");
    assertThat(cursor).isNotBlank();

    MvcTestResult second = get("paging-tenant", "/api/v1/functions?limit=1&cursor=" + cursor);

    assertThat(second)
        .bodyJson()
        .extractingPath("$.items[*].slug")
        .asArray()
        .containsExactly(all.get(1));
    assertThat(jsonString(second, "nextCursor")).isNotBlank();
  }

  @Test
  void getsAFunctionBySlug() {
    MvcTestResult result = get("acme", "/api/v1/functions/core/echo");

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.slug").isEqualTo("core/echo");
    assertThat(result).bodyJson().extractingPath("$.executionType").isEqualTo("builtin");
    assertThat(result).bodyJson().extractingPath("$.enabled").isEqualTo(true);
    assertThat(result).bodyJson().extractingPath("$.inputSchema").isNotNull();
  }

  @Test
  void showsOnlyTheCallersOwnFunctionsBesideTheShared() {
    register("initech", "initech/reports", "builtin", null);
    register("initech", "core/echo", "http", "https://initech.example/echo");

    assertThat(get("initech", "/api/v1/functions"))
        .bodyJson()
        .extractingPath("$.items[*].slug")
        .asArray()
        .contains("core/echo", "core/noop", "initech/reports")
        .filteredOn("core/echo"::equals)
        .hasSize(1);
    // The tenant's own core/echo shadows the platform's, for it alone.
    assertThat(get("initech", "/api/v1/functions/core/echo"))
        .bodyJson()
        .extractingPath("$.executionType")
        .isEqualTo("http");
    assertThat(get("hooli", "/api/v1/functions/core/echo"))
        .bodyJson()
        .extractingPath("$.executionType")
        .isEqualTo("builtin");
    assertThat(get("hooli", "/api/v1/functions/initech/reports")).hasStatus(404);
  }

  @Test
  void unknownFunctionIsA404Problem() {
    MvcTestResult result = get("acme", "/api/v1/functions/nope/missing");

    assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.NOT_FOUND.toString());
    assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("nope/missing");
  }

  @Test
  void aSlugWithoutNamespaceIsA404Problem() {
    MvcTestResult result = get("acme", "/api/v1/functions/echo");

    assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.NOT_FOUND.toString());
  }

  @Test
  void aWrongMethodIsA405Problem() {
    MvcTestResult result =
        mvc.post()
            .uri("/api/v1/functions/core/echo")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, "acme")
            .exchange();

    assertThat(result).hasStatus(405).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.UNSUPPORTED.toString());
  }

  @Test
  void badPagingParametersAre400Problems() {
    MvcTestResult zero = get("acme", "/api/v1/functions?limit=0");
    assertThat(zero).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(zero).bodyJson().extractingPath("$.errors[0].field").isEqualTo("limit");

    MvcTestResult notANumber = get("acme", "/api/v1/functions?limit=ten");
    assertThat(notANumber).hasStatus(400);
    assertThat(notANumber).bodyJson().extractingPath("$.detail").asString().contains("limit");

    MvcTestResult forged = get("acme", "/api/v1/functions?cursor=not-ours");
    assertThat(forged).hasStatus(400);
    assertThat(forged).bodyJson().extractingPath("$.errors[0].field").isEqualTo("cursor");
  }

  @Test
  void requestWithoutTheGatewayTokenIsA401Problem() {
    MvcTestResult result =
        mvc.get().uri("/api/v1/functions").header(InternalHeaders.TENANT, "acme").exchange();

    assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.UNAUTHORIZED.toString());
  }

  @Test
  void readinessCoversDatabaseAndKafka() {
    MvcTestResult result = mvc.get().uri("/actuator/health/readiness").exchange();

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("UP");
    assertThat(result).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
    assertThat(result).bodyJson().extractingPath("$.components.kafka.status").isEqualTo("UP");
    assertThat(mvc.get().uri("/actuator/prometheus").exchange())
        .hasStatusOk()
        .bodyText()
        .contains("flowmesh_outbox_pending");
  }

  @Test
  void servesItsOpenApiDocument() {
    MvcTestResult result = mvc.get().uri("/v3/api-docs").exchange();

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.paths['/api/v1/functions']").isNotNull();
    assertThat(mvc.get().uri("/swagger-ui/index.html").exchange()).hasStatusOk();
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }

  private static String jsonString(MvcTestResult result, String field) throws Exception {
    return JsonPath.read(result.getResponse().getContentAsString(), "$." + field);
  }

  private void register(String tenant, String slug, String type, String webhookUrl) {
    jdbc.sql(
            "INSERT INTO functions (tenant, slug, name, plugin_id, execution_type, webhook_url)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .params(tenant, slug, slug, slug.substring(0, slug.indexOf('/')), type, webhookUrl)
        .update();
  }
}
