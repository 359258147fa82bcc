package io.flowmesh.functions.builtin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.functions.ExecutionDriver;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.outbox.Outbox;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each builtin through Kafka, against real local servers (WireMock, GreenMail). */
class BuiltinFunctionsIT extends IntegrationTestBase {

  private static final String TENANT = "builtins";

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JsonMapper json;

  private ExecutionDriver driver;

  @BeforeEach
  void setUp() {
    driver = new ExecutionDriver(outbox, transactions, json);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void httpRequestReturnsStatusHeadersAndParsedBodyWithTheConnectionsAuth() {
    connection(
        "con_bearer",
        "http-bearer",
        "{}",
        "{\"token\": \"abc\"}",
        "{\"Authorization\": \"Bearer abc\"}");
    ENDPOINTS.stubFor(
        get("/api/items?page=2")
            .willReturn(okJson("{\"items\": [1, 2]}").withHeader("X-Total", "2")));

    JsonNode output =
        driver.output(
            TENANT,
            "system/http-request",
            Map.of(
                "url",
                ENDPOINTS.baseUrl() + "/api/items?page=2",
                "headers",
                Map.of("X-Trace", "t-1"),
                "connectionId",
                "con_bearer"));

    assertThat(output.path("status").asInt()).isEqualTo(200);
    assertThat(output.path("headers").path("x-total").asString()).isEqualTo("2");
    assertThat(output.path("body").path("items").size()).isEqualTo(2);
    ENDPOINTS.verify(
        getRequestedFor(urlEqualTo("/api/items?page=2"))
            .withHeader("Authorization", equalTo("Bearer abc"))
            .withHeader("X-Trace", equalTo("t-1")));
    assertThat(output.toString()).doesNotContain("Bearer abc");
  }

  @Test
  void httpRequestTakesHeadersAsAStringHoldingAJsonObjectAsTheWorkflowBuilderWritesThem() {
    ENDPOINTS.stubFor(get("/api/profile").willReturn(okJson("{\"name\": \"Ada\"}")));

    JsonNode output =
        driver.output(
            TENANT,
            "system/http-request",
            Map.of(
                "url",
                ENDPOINTS.baseUrl() + "/api/profile",
                "headers",
                "{\"Authorization\": \"Bearer t0k3n\", \"X-Trace\": \"t-2\"}"));

    assertThat(output.path("status").asInt()).isEqualTo(200);
    assertThat(output.path("body").path("name").asString()).isEqualTo("Ada");
    ENDPOINTS.verify(
        getRequestedFor(urlEqualTo("/api/profile"))
            .withHeader("Authorization", equalTo("Bearer t0k3n"))
            .withHeader("X-Trace", equalTo("t-2")));
  }

  @Test
  void headersInAStringThatIsNotAJsonObjectOfStringsFailForGoodWithoutEchoingAValue() {
    Map<String, String> wrongs =
        Map.of(
            "Bearer s3cret", "the string is not valid JSON",
            "[\"Bearer s3cret\"]", "the string holds a JSON array",
            "{\"Authorization\": [\"Bearer s3cret\"]}",
                "the value of 'Authorization' is not a string");

    wrongs.forEach(
        (headers, why) -> {
          FunctionFailed failed =
              driver.failure(
                  TENANT,
                  "system/http-request",
                  Map.of("url", ENDPOINTS.baseUrl() + "/api/never", "headers", headers));

          assertThat(failed.error().code()).isEqualTo("INPUT_INVALID");
          assertThat(failed.error().retryable()).isFalse();
          assertThat(failed.error().message())
              .startsWith("headers must be a JSON object of string values")
              .endsWith(why)
              .doesNotContain("s3cret");
        });
    ENDPOINTS.verify(0, getRequestedFor(urlEqualTo("/api/never")));
  }

  @Test
  void httpRequestSendsJsonAndClassifiesErrorStatuses() {
    ENDPOINTS.stubFor(post("/api/orders").willReturn(aResponse().withStatus(201)));
    ENDPOINTS.stubFor(post("/api/missing").willReturn(aResponse().withStatus(404)));
    ENDPOINTS.stubFor(post("/api/busy").willReturn(aResponse().withStatus(503)));

    JsonNode created =
        driver.output(
            TENANT,
            "system/http-request",
            Map.of(
                "method",
                "POST",
                "url",
                ENDPOINTS.baseUrl() + "/api/orders",
                "body",
                Map.of("sku", "A-1", "qty", 2)));
    FunctionFailed missing =
        driver.failure(
            TENANT,
            "system/http-request",
            Map.of("method", "POST", "url", ENDPOINTS.baseUrl() + "/api/missing"));
    FunctionFailed busy =
        driver.failure(
            TENANT,
            "system/http-request",
            Map.of("method", "POST", "url", ENDPOINTS.baseUrl() + "/api/busy"));
    JsonNode tolerated =
        driver.output(
            TENANT,
            "system/http-request",
            Map.of(
                "method",
                "POST",
                "url",
                ENDPOINTS.baseUrl() + "/api/missing",
                "failOnHttpError",
                false));

    assertThat(created.path("status").asInt()).isEqualTo(201);
    assertThat(created.path("body").isNull()).isTrue();
    ENDPOINTS.verify(
        postRequestedFor(urlEqualTo("/api/orders"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"sku\": \"A-1\", \"qty\": 2}")));
    assertThat(missing.error().code()).isEqualTo("HTTP_404");
    assertThat(missing.error().retryable()).isFalse();
    assertThat(busy.error().code()).isEqualTo("HTTP_503");
    assertThat(busy.error().retryable()).isTrue();
    assertThat(tolerated.path("status").asInt()).isEqualTo(404);
  }

  @Test
  void httpRequestToTheCloudMetadataAddressIsForbidden() {
    FunctionFailed failed =
        driver.failure(
            TENANT,
            "system/http-request",
            Map.of("url", "http://169.254.169.254/latest/meta-data"));

    assertThat(failed.error().code()).isEqualTo("TARGET_FORBIDDEN");
    assertThat(failed.error().retryable()).isFalse();
    assertThat(failed.error().message()).contains("169.254.169.254");
  }

  @Test
  void inputThatBreaksTheInputSchemaFailsNamingThePath() {
    FunctionFailed failed =
        driver.failure(TENANT, "system/http-request", Map.of("url", 5, "method", "BREW"));

    assertThat(failed.error().code()).isEqualTo("INPUT_INVALID");
    assertThat(failed.error().retryable()).isFalse();
    assertThat(failed.error().message()).contains("$.url").contains("$.method");
  }

  @Test
  void transformEvaluatesJsonata() {
    JsonNode output =
        driver.output(
            TENANT,
            "core/transform",
            Map.of(
                "expression",
                "{\"total\": $sum(items.(price * qty)), \"names\": items.name}",
                "data",
                Map.of(
                    "items",
                    List.of(
                        Map.of("name", "a", "price", 2, "qty", 3),
                        Map.of("name", "b", "price", 10, "qty", 1)))));

    assertThat(output.path("result").path("total").asInt()).isEqualTo(16);
    assertThat(output.path("result").path("names").toString()).isEqualTo("[\"a\",\"b\"]");

    FunctionFailed broken =
        driver.failure(TENANT, "core/transform", Map.of("expression", "$sum(", "data", 1));
    assertThat(broken.error().code()).isEqualTo("INPUT_INVALID");
  }

  @Test
  void uuidGeneratesVersion4AndVersion7() {
    String v4 = driver.output(TENANT, "core/uuid", null).path("uuid").asString();
    String v7 = driver.output(TENANT, "core/uuid", Map.of("version", 7)).path("uuid").asString();

    assertThat(v4).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(v7).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void hashComputesDigestsAndHmacs() {
    JsonNode sha256 = driver.output(TENANT, "core/hash", Map.of("data", "abc"));
    JsonNode hmac =
        driver.output(
            TENANT,
            "core/hash",
            Map.of("data", "The quick brown fox jumps over the lazy dog", "hmacKey", "key"));
    JsonNode md5 =
        driver.output(
            TENANT, "core/hash", Map.of("data", "", "algorithm", "md5", "encoding", "base64"));

    assertThat(sha256.path("hash").asString())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hmac.path("hash").asString())
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    assertThat(hmac.path("algorithm").asString()).isEqualTo("hmac-sha256");
    assertThat(md5.path("hash").asString()).isEqualTo("1B2M2Y8AsgTpgAmY7PhCfg==");
  }

  @Test
  void emailIsSentThroughTheSmtpConnection() throws Exception {
    SMTP.setUser("flows@acme.test", "flows", "smtp-pass");
    connection(
        "con_smtp",
        "smtp",
        "{\"host\": \"127.0.0.1\", \"port\": "
            + SMTP.getSmtp().getPort()
            + ", \"from\": \"flows@acme.test\", \"tls\": false}",
        "{\"username\": \"flows\", \"password\": \"smtp-pass\"}",
        null);

    JsonNode output =
        driver.output(
            TENANT,
            "email/send",
            Map.of(
                "connectionId", "con_smtp",
                "to", List.of("ops@acme.test"),
                "subject", "Invoice 42 paid",
                "text", "Paid in full."));

    assertThat(output.path("recipients").asInt()).isEqualTo(1);
    MimeMessage received =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    Arrays.stream(SMTP.getReceivedMessages())
                        .filter(m -> subject(m).equals("Invoice 42 paid"))
                        .findFirst()
                        .orElse(null),
                m -> m != null);
    assertThat(received.getFrom()[0].toString()).isEqualTo("flows@acme.test");
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ops@acme.test");
    assertThat(received.getMessageID()).isEqualTo(output.path("messageId").asString());
  }

  @Test
  void slackMessageIsPostedToTheConnectionsWebhookAndItsUrlNeverLeaks() {
    String hook = ENDPOINTS.baseUrl() + "/services/T000/B000/secret-token";
    connection("con_slack", "slack-webhook", "{}", "{\"webhookUrl\": \"" + hook + "\"}", null);
    ENDPOINTS.stubFor(
        post("/services/T000/B000/secret-token")
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    String goneHook = ENDPOINTS.baseUrl() + "/services/T000/B000/revoked-token";
    connection(
        "con_slack_gone", "slack-webhook", "{}", "{\"webhookUrl\": \"" + goneHook + "\"}", null);
    ENDPOINTS.stubFor(
        post("/services/T000/B000/revoked-token")
            .willReturn(aResponse().withStatus(404).withBody("no_service")));

    JsonNode output =
        driver.output(
            TENANT,
            "slack/send-message",
            Map.of("connectionId", "con_slack", "text", "Deployed :rocket:"));
    FunctionFailed gone =
        driver.failure(
            TENANT,
            "slack/send-message",
            Map.of("connectionId", "con_slack_gone", "text", "hello"));

    assertThat(output.path("delivered").asBoolean()).isTrue();
    ENDPOINTS.verify(
        postRequestedFor(urlEqualTo("/services/T000/B000/secret-token"))
            .withRequestBody(equalToJson("{\"text\": \"Deployed :rocket:\"}")));
    assertThat(gone.error().code()).isEqualTo("HTTP_404");
    assertThat(gone.error().retryable()).isFalse();
    assertThat(gone.error().message()).doesNotContain("revoked-token");
  }

  @Test
  void unknownConnectionsAndWrongTypesFailForGood() {
    FunctionFailed unknown =
        driver.failure(
            TENANT, "slack/send-message", Map.of("connectionId", "con_nope", "text", "hello"));
    connection(
        "con_bearer2",
        "http-bearer",
        "{}",
        "{\"token\": \"x\"}",
        "{\"Authorization\": \"Bearer x\"}");
    FunctionFailed wrongType =
        driver.failure(
            TENANT, "slack/send-message", Map.of("connectionId", "con_bearer2", "text", "hello"));

    assertThat(unknown.error().code()).isEqualTo("CONNECTION_NOT_FOUND");
    assertThat(unknown.error().retryable()).isFalse();
    assertThat(wrongType.error().code()).isEqualTo("CONNECTION_TYPE_MISMATCH");
  }

  @Test
  void credentialsAreFetchedWithTenantAndTokenAndCachedUntilCacheUntil() {
    connection(
        "con_cached", "api-key-header", "{}", "{\"apiKey\": \"k\"}", "{\"X-Api-Key\": \"k\"}");
    ENDPOINTS.stubFor(get("/cached").willReturn(okJson("{}")));

    driver.output(
        TENANT,
        "system/http-request",
        Map.of("url", ENDPOINTS.baseUrl() + "/cached", "connectionId", "con_cached"));
    driver.output(
        TENANT,
        "system/http-request",
        Map.of("url", ENDPOINTS.baseUrl() + "/cached", "connectionId", "con_cached"));

    INTEGRATIONS.verify(
        1,
        getRequestedFor(urlEqualTo("/internal/v1/connections/con_cached/credentials"))
            .withHeader(InternalHeaders.TENANT, equalTo(TENANT))
            .withHeader(InternalHeaders.GATEWAY_TOKEN, equalTo(GATEWAY_TOKEN)));
    ENDPOINTS.verify(
        2, getRequestedFor(urlEqualTo("/cached")).withHeader("X-Api-Key", equalTo("k")));
  }

  /** integration-service's answer for one of the tenant's connections, cacheable for an hour. */
  private static void connection(
      String id, String type, String settings, String secrets, String httpHeaders) {
    String body =
        "{\"connectionId\": \""
            + id
            + "\", \"type\": \""
            + type
            + "\", \"settings\": "
            + settings
            + ", \"secrets\": "
            + secrets
            + (httpHeaders == null ? "" : ", \"httpHeaders\": " + httpHeaders)
            + ", \"cacheUntil\": \""
            + java.time.Instant.now().plusSeconds(3600)
            + "\"}";
    INTEGRATIONS.stubFor(
        get("/internal/v1/connections/" + id + "/credentials")
            .withHeader(InternalHeaders.TENANT, equalTo(TENANT))
            .withHeader(InternalHeaders.GATEWAY_TOKEN, equalTo(GATEWAY_TOKEN))
            .willReturn(okJson(body)));
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}
