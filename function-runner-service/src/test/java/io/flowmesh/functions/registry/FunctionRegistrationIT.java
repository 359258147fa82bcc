package io.flowmesh.functions.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Registering, updating and disabling functions through the API. */
class FunctionRegistrationIT extends IntegrationTestBase {

  private static final String HTTP_FUNCTION =
      """
      {"slug": "%s", "name": "Invoice", "executionType": "http",
       "webhookUrl": "https://billing.example.com/invoice",
       "webhookHeaders": {"Authorization": "Bearer s3cr3t"},
       "inputSchema": {"type": "object", "required": ["amount"],
                       "properties": {"amount": {"type": "integer"}}},
       "timeoutSeconds": 20, "maxConcurrency": 4}
      """;

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;

  @Test
  void registersAnHttpFunctionOncePerIdempotencyKey() {
    String body = HTTP_FUNCTION.formatted("acme/invoice");

    MvcTestResult created = post("reg-a", "/api/v1/functions", body, "key-1");

    assertThat(created).hasStatus(201).headers().hasValue("ETag", "\"1\"");
    assertThat(created).headers().hasValue("Location", "/api/v1/functions/acme/invoice");
    assertThat(created).bodyJson().extractingPath("$.version").isEqualTo("1.0.0");
    assertThat(created).bodyJson().extractingPath("$.pluginId").isEqualTo("acme");
    assertThat(created).bodyJson().extractingPath("$.maxConcurrency").isEqualTo(4);
    assertThat(created)
        .bodyJson()
        .extractingPath("$.webhookHeaderNames")
        .asArray()
        .containsExactly("Authorization");
    assertThat(created.getResponse().getContentAsByteArray()).asString().doesNotContain("s3cr3t");

    MvcTestResult replayed = post("reg-a", "/api/v1/functions", body, "key-1");
    assertThat(replayed).hasStatus(201).headers().hasValue("Idempotent-Replayed", "true");

    MvcTestResult reused =
        post("reg-a", "/api/v1/functions", HTTP_FUNCTION.formatted("acme/other"), "key-1");
    assertThat(reused).hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(reused).bodyJson().extractingPath("$.detail").asString().contains("Idempotency-Key");

    MvcTestResult again = post("reg-a", "/api/v1/functions", body, null);
    assertThat(again).hasStatus(409);
    assertThat(again).bodyJson().extractingPath("$.detail").asString().contains("PUT");

    assertThat(get("reg-a", "/api/v1/functions/acme/invoice")).hasStatusOk();
    assertThat(get("reg-b", "/api/v1/functions/acme/invoice")).hasStatus(404);
  }

  @Test
  void namesEveryProblemOfAnInvalidDefinition() throws Exception {
    MvcTestResult result =
        post(
            "reg-c",
            "/api/v1/functions",
            """
            {"slug": "Bad Slug", "executionType": "http", "webhookUrl": "ftp://files.example.com/x",
             "image": "busybox", "inputSchema": {"type": 5}, "timeoutSeconds": 0}
            """,
            null);

    assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.VALIDATION.toString());
    assertThat(result)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .contains("slug", "name", "webhookUrl", "image", "inputSchema", "timeoutSeconds");
    assertThat(result.getResponse().getContentAsString()).contains("scheme 'ftp' is not allowed");
  }

  @Test
  void anOciFunctionNeedsAnImageAndAnHttpFunctionAUrl() {
    MvcTestResult oci =
        post(
            "reg-c",
            "/api/v1/functions",
            "{\"slug\": \"acme/job\", \"name\": \"Job\", \"executionType\": \"oci\"}",
            null);
    assertThat(oci).hasStatus(400);
    assertThat(oci).bodyJson().extractingPath("$.errors[0].field").isEqualTo("image");

    MvcTestResult builtin =
        post(
            "reg-c",
            "/api/v1/functions",
            "{\"slug\": \"acme/mine\", \"name\": \"Mine\", \"executionType\": \"builtin\"}",
            null);
    assertThat(builtin).hasStatus(400);
    assertThat(builtin).bodyJson().extractingPath("$.errors[0].field").isEqualTo("executionType");
  }

  @Test
  void platformFunctionsCannotBeTakenOverOrChanged() {
    MvcTestResult register =
        post("reg-d", "/api/v1/functions", HTTP_FUNCTION.formatted("core/echo"), null);
    assertThat(register).hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(register).bodyJson().extractingPath("$.detail").asString().contains("platform");

    assertThat(
            put("reg-d", "/api/v1/functions/core/echo", HTTP_FUNCTION.formatted("core/echo"), null))
        .hasStatus(409);
    assertThat(post("reg-d", "/api/v1/functions/core/echo/disable", "", null)).hasStatus(409);
    assertThat(post("reg-d", "/api/v1/functions/nope/missing/disable", "", null)).hasStatus(404);
  }

  @Test
  void anUpdatePublishesANewVersionAndKeepsTheOldOne() {
    assertThat(post("reg-e", "/api/v1/functions", HTTP_FUNCTION.formatted("acme/versioned"), null))
        .hasStatus(201);
    String v2 =
        """
        {"name": "Invoice v2", "executionType": "http", "webhookUrl": "https://billing.example.com/v2"}
        """;

    MvcTestResult updated = put("reg-e", "/api/v1/functions/acme/versioned", v2, "\"1\"");

    assertThat(updated).hasStatusOk().headers().hasValue("ETag", "\"2\"");
    assertThat(updated).bodyJson().extractingPath("$.version").isEqualTo("1.0.1");
    assertThat(updated)
        .bodyJson()
        .extractingPath("$.webhookUrl")
        .isEqualTo("https://billing.example.com/v2");
    assertThat(updated).bodyJson().extractingPath("$.inputSchema").isNull();
    assertThat(
            jdbc.sql(
                    "SELECT definition->>'webhook_url' FROM function_versions"
                        + " WHERE tenant = 'reg-e' AND slug = 'acme/versioned' AND revision = 1")
                .query(String.class)
                .single())
        .isEqualTo("https://billing.example.com/invoice");

    MvcTestResult stale = put("reg-e", "/api/v1/functions/acme/versioned", v2, "\"1\"");
    assertThat(stale).hasStatus(412).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);

    MvcTestResult sameVersion =
        put(
            "reg-e",
            "/api/v1/functions/acme/versioned",
            v2.replace("{", "{\"version\": \"1.0.1\", "),
            null);
    assertThat(sameVersion).hasStatus(400);
    assertThat(sameVersion).bodyJson().extractingPath("$.errors[0].field").isEqualTo("version");

    MvcTestResult otherSlug =
        put(
            "reg-e",
            "/api/v1/functions/acme/versioned",
            v2.replace("{", "{\"slug\": \"acme/else\", "),
            null);
    assertThat(otherSlug).hasStatus(400);

    assertThat(put("reg-x", "/api/v1/functions/acme/versioned", v2, null)).hasStatus(404);
  }

  @Test
  void disablingIsRepeatableAndReversible() {
    assertThat(post("reg-f", "/api/v1/functions", HTTP_FUNCTION.formatted("acme/toggle"), null))
        .hasStatus(201);

    assertThat(post("reg-f", "/api/v1/functions/acme/toggle/disable", "", null))
        .bodyJson()
        .extractingPath("$.enabled")
        .isEqualTo(false);
    assertThat(post("reg-f", "/api/v1/functions/acme/toggle/disable", "", null)).hasStatusOk();
    assertThat(get("reg-f", "/api/v1/functions/acme/toggle"))
        .bodyJson()
        .extractingPath("$.enabled")
        .isEqualTo(false);
    assertThat(post("reg-f", "/api/v1/functions/acme/toggle/enable", "", null))
        .bodyJson()
        .extractingPath("$.enabled")
        .isEqualTo(true);
    assertThat(post("reg-g", "/api/v1/functions/acme/toggle/disable", "", null)).hasStatus(404);
  }

  private MvcTestResult post(String tenant, String uri, String body, String idempotencyKey) {
    var request =
        mvc.post()
            .uri(uri)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body);
    if (idempotencyKey != null) {
      request = request.header("Idempotency-Key", idempotencyKey);
    }
    return request.exchange();
  }

  private MvcTestResult put(String tenant, String uri, String body, String ifMatch) {
    var request =
        mvc.put()
            .uri(uri)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body);
    if (ifMatch != null) {
      request = request.header("If-Match", ifMatch);
    }
    return request.exchange();
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }
}
