package io.flowmesh.integrations.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.jayway.jsonpath.JsonPath;
import io.flowmesh.integrations.ServiceIT;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Connections of the providers' types against WireMock playing each provider: the health check
 * makes the provider's documented cheap call with the credential as the provider expects it, and a
 * refused credential or a provider that is down is an unhealthy result, never an error.
 */
class ProviderConnectionsIT extends ServiceIT {

  private static final WireMockServer PROVIDERS = new WireMockServer(options().dynamicPort());

  static {
    PROVIDERS.start();
  }

  /**
   * Each provider at its own path prefix of the one server, so a request at the wrong documented
   * path matches no stub (WireMock answers 404, an unhealthy check).
   */
  @DynamicPropertySource
  static void providerBaseUrls(DynamicPropertyRegistry registry) {
    for (Documented provider : documented()) {
      registry.add(
          "flowmesh.integrations.providers.base-urls." + provider.type(),
          () -> PROVIDERS.baseUrl() + "/" + provider.type() + provider.basePath());
    }
  }

  @AfterAll
  static void stopProviders() {
    PROVIDERS.stop();
  }

  /**
   * What each provider's API reference documents: the base path, the cheap call, and the
   * authorization header built from the connection's secret.
   */
  record Documented(
      String type,
      String basePath,
      String secretField,
      String secret,
      String method,
      String path,
      String authorization,
      String answer) {}

  static List<Documented> documented() {
    return List.of(
        new Documented(
            "openai",
            "/v1",
            "apiKey",
            "sk-test-1",
            "GET",
            "/models",
            "Bearer sk-test-1",
            """
            {"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1686935002,
             "owned_by": "openai"}]}"""),
        new Documented(
            "github",
            "",
            "token",
            "ghp_test",
            "GET",
            "/user",
            "Bearer ghp_test",
            """
            {"login": "octocat", "id": 1, "type": "User"}"""),
        new Documented(
            "linear",
            "",
            "apiKey",
            "lin_api_test",
            "POST",
            "/graphql",
            "lin_api_test",
            """
            {"data": {"viewer": {"id": "2c6e3b3f-0d9f-4f55-9e0c-9f0b4b2d2b3c"}}}"""),
        new Documented(
            "stripe",
            "/v1",
            "secretKey",
            "sk_test_4eC39",
            "GET",
            "/balance",
            "Bearer sk_test_4eC39",
            """
            {"object": "balance", "available": [{"amount": 0, "currency": "usd"}],
             "livemode": false, "pending": [{"amount": 0, "currency": "usd"}]}"""),
        new Documented(
            "resend",
            "",
            "apiKey",
            "re_test",
            "GET",
            "/domains",
            "Bearer re_test",
            """
            {"object": "list", "data": []}"""),
        new Documented(
            "firecrawl",
            "/v2",
            "apiKey",
            "fc-test",
            "GET",
            "/team/credit-usage",
            "Bearer fc-test",
            """
            {"success": true, "data": {"remainingCredits": 1000}}"""),
        new Documented(
            "webflow",
            "/v2",
            "token",
            "wf-test",
            "GET",
            "/token/introspect",
            "Bearer wf-test",
            """
            {"authorization": {"id": "55818d58616600637b9a5786", "scope": "sites:read"}}"""),
        new Documented(
            "clerk",
            "/v1",
            "secretKey",
            "sk_test_clerk",
            "GET",
            "/users/count",
            "Bearer sk_test_clerk",
            """
            {"object": "total_count", "total_count": 3}"""),
        new Documented(
            "fal",
            "/v1",
            "apiKey",
            "fal-key-1",
            "GET",
            "/models?limit=1",
            "Key fal-key-1",
            """
            {"models": [], "has_more": true}"""),
        new Documented(
            "blob",
            "",
            "token",
            "vercel_blob_rw_test",
            "GET",
            "/?limit=1",
            "Bearer vercel_blob_rw_test",
            """
            {"blobs": [], "hasMore": false}"""),
        new Documented(
            "v0",
            "/v1",
            "apiKey",
            "v0-test",
            "GET",
            "/user",
            "Bearer v0-test",
            """
            {"id": "user_1", "object": "user", "email": "a@example.com",
             "avatar": "https://example.com/a.png"}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documented")
  void eachProviderIsCheckedWithItsDocumentedCallAndItsOwnAuthorization(Documented provider) {
    String url = "/" + provider.type() + provider.basePath() + provider.path();
    MappingBuilder call =
        "POST".equals(provider.method())
            ? WireMock.post(urlEqualTo(url))
            : WireMock.get(urlEqualTo(url));
    if ("POST".equals(provider.method())) {
      call = call.withRequestBody(equalToJson("{\"query\": \"{ viewer { id } }\"}"));
    }
    PROVIDERS.stubFor(
        call.withHeader("Authorization", equalTo(provider.authorization()))
            .willReturn(okJson(provider.answer())));
    String id = connection("prov-a", provider.type(), provider.secretField(), provider.secret());

    MvcTestResult check = post("prov-a", "/api/v1/connections/" + id + "/health-check", "");

    assertThat(check).hasStatusOk();
    assertThat(check).bodyJson().extractingPath("$.outcome").isEqualTo("HEALTHY");
    assertThat(check)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .startsWith("HTTP 200 from " + provider.method());
    assertThat(body(check)).doesNotContain(provider.secret());
    assertThat(resolve("prov-a", id))
        .bodyJson()
        .extractingPath("$.httpHeaders.Authorization")
        .isEqualTo(provider.authorization());
  }

  @Test
  void aRefusedCredentialIsAnUnhealthyResultThatSaysSo() {
    PROVIDERS.stubFor(
        WireMock.get(urlEqualTo("/openai/v1/models"))
            .withHeader("Authorization", equalTo("Bearer sk-revoked"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error": {"message": "Incorrect API key provided: sk-revo***",
                         "type": "invalid_request_error", "code": "invalid_api_key"}}""")));
    String id = connection("prov-b", "openai", "apiKey", "sk-revoked");

    MvcTestResult check = post("prov-b", "/api/v1/connections/" + id + "/health-check", "");

    assertThat(check).hasStatusOk();
    assertThat(check).bodyJson().extractingPath("$.outcome").isEqualTo("UNHEALTHY");
    assertThat(check)
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo("openai refused the credentials (HTTP 401 from GET /openai/v1/models)");
    assertThat(get("prov-b", "/api/v1/connections/" + id))
        .bodyJson()
        .extractingPath("$.healthStatus")
        .isEqualTo("UNHEALTHY");
  }

  @Test
  void aProviderThatIsDownIsAnUnhealthyResultNotAnError() {
    PROVIDERS.stubFor(
        WireMock.get(urlEqualTo("/stripe/v1/balance"))
            .withHeader("Authorization", equalTo("Bearer sk_test_down"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    PROVIDERS.stubFor(
        WireMock.get(urlEqualTo("/stripe/v1/balance"))
            .withHeader("Authorization", equalTo("Bearer sk_test_busy"))
            .willReturn(aResponse().withStatus(503)));
    String down = connection("prov-c", "stripe", "secretKey", "sk_test_down");
    String busy = connection("prov-c", "stripe", "secretKey", "sk_test_busy");

    MvcTestResult reset = post("prov-c", "/api/v1/connections/" + down + "/health-check", "");
    MvcTestResult unavailable = post("prov-c", "/api/v1/connections/" + busy + "/health-check", "");

    assertThat(reset).hasStatusOk();
    assertThat(reset).bodyJson().extractingPath("$.outcome").isEqualTo("UNHEALTHY");
    assertThat(reset)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .startsWith("stripe did not answer GET /stripe/v1/balance: connection failed");
    assertThat(unavailable).hasStatusOk();
    assertThat(unavailable)
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo("HTTP 503 from stripe (GET /stripe/v1/balance)");
  }

  @Test
  void aGraphqlErrorWithStatus200IsUnhealthy() {
    PROVIDERS.stubFor(
        WireMock.post(urlEqualTo("/linear/graphql"))
            .withHeader("Authorization", equalTo("lin_api_expired"))
            .willReturn(
                okJson(
                    """
                    {"errors": [{"message": "Authentication required, not authenticated",
                     "extensions": {"code": "AUTHENTICATION_ERROR"}}]}""")));
    String id = connection("prov-d", "linear", "apiKey", "lin_api_expired");

    assertThat(post("prov-d", "/api/v1/connections/" + id + "/health-check", ""))
        .bodyJson()
        .extractingPath("$.outcome")
        .isEqualTo("UNHEALTHY");
  }

  @Test
  void aProviderWithoutAFreeEndpointIsNotChecked() {
    String id = connection("prov-e", "perplexity", "apiKey", "pplx-test");

    MvcTestResult check = post("prov-e", "/api/v1/connections/" + id + "/health-check", "");

    assertThat(check).bodyJson().extractingPath("$.outcome").isEqualTo("NOT_CHECKED");
    assertThat(check)
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo("perplexity has no free endpoint to check");
    assertThat(resolve("prov-e", id))
        .bodyJson()
        .extractingPath("$.httpHeaders.Authorization")
        .isEqualTo("Bearer pplx-test");
  }

  @Test
  void aConnectionWithoutItsProvidersSecretIsRefusedNamingTheField() {
    MvcTestResult result =
        post(
            "prov-f",
            "/api/v1/connections",
            """
            {"type": "openai", "name": "ai", "secrets": {"token": "sk-wrong-field"}}""");

    assertThat(result).hasStatus(400);
    List<String> fields = JsonPath.read(body(result), "$.errors[*].field");
    assertThat(fields).containsExactlyInAnyOrder("secrets.apiKey", "secrets.token");
    assertThat(body(result)).doesNotContain("sk-wrong-field");
  }

  @Test
  void everyProviderHasAnIntegrationTypeRequiringTheSecretItSends() {
    for (Provider provider : Providers.all()) {
      MvcTestResult type = get("prov-g", "/api/v1/integration-types/" + provider.type());

      assertThat(type).as(provider.type()).hasStatusOk();
      assertThat(type)
          .bodyJson()
          .extractingPath("$.secretSchema.required")
          .asArray()
          .as(provider.type())
          .containsExactly(provider.secretField());
    }
  }

  private String connection(String tenant, String type, String secretField, String secret) {
    return create(
        tenant,
        """
        {"type": "%s", "name": "%s-%s", "secrets": {"%s": "%s"}}"""
            .formatted(type, type, secret, secretField, secret));
  }
}
