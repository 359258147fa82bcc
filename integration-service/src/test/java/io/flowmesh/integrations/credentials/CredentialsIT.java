package io.flowmesh.integrations.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.integrations.ServiceIT;
import io.flowmesh.integrations.TokenServer;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.integration.ConnectionCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The internal credentials endpoint as the function-runner calls it. */
class CredentialsIT extends ServiceIT {

  @Autowired JsonMapper json;

  private static TokenServer tokens;

  @BeforeAll
  static void startTokenServer() {
    tokens = new TokenServer("client-1", "cs-OAUTH-SECRET-5");
  }

  @AfterAll
  static void stopTokenServer() {
    tokens.close();
  }

  @Test
  void resolvesHttpAuthenticationHeadersPerType() {
    String bearer =
        create(
            "cred-a",
            """
            {"type": "http-bearer", "name": "b", "settings": {"baseUrl": "https://a.example"},
             "secrets": {"token": "tok-123"}}""");
    String basic =
        create(
            "cred-a",
            """
            {"type": "http-basic", "name": "ba",
             "settings": {"baseUrl": "https://a.example", "username": "ann"},
             "secrets": {"password": "pw-9"}}""");
    String apiKey =
        create(
            "cred-a",
            """
            {"type": "api-key-header", "name": "k",
             "settings": {"baseUrl": "https://a.example", "headerName": "X-Token", "prefix": "Key "},
             "secrets": {"apiKey": "ak-7"}}""");

    MvcTestResult b = resolve("cred-a", bearer);
    assertThat(b).hasStatusOk();
    assertThat(b).bodyJson().extractingPath("$.connectionId").isEqualTo(bearer);
    assertThat(b).bodyJson().extractingPath("$.type").isEqualTo("http-bearer");
    assertThat(b)
        .bodyJson()
        .extractingPath("$.httpHeaders.Authorization")
        .isEqualTo("Bearer tok-123");
    assertThat(b).bodyJson().extractingPath("$.settings.baseUrl").isEqualTo("https://a.example");
    assertThat(b.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
    Instant cacheUntil = Instant.parse(JsonPath.read(body(b), "$.cacheUntil"));
    assertThat(cacheUntil)
        .isAfter(Instant.now())
        .isBefore(Instant.now().plus(Duration.ofMinutes(6)));

    String expectedBasic = "Basic " + Base64.getEncoder().encodeToString("ann:pw-9".getBytes());
    assertThat(resolve("cred-a", basic))
        .bodyJson()
        .extractingPath("$.httpHeaders.Authorization")
        .isEqualTo(expectedBasic);
    assertThat(resolve("cred-a", apiKey))
        .bodyJson()
        .extractingPath("$.httpHeaders.X-Token")
        .isEqualTo("Key ak-7");
  }

  @Test
  void resolvesSmtpAndSlackSecretsForBuiltinFunctions() {
    String smtp =
        create(
            "cred-b",
            """
            {"type": "smtp", "name": "mail",
             "settings": {"host": "smtp.example.com", "port": 587, "from": "ops@example.com", "tls": true},
             "secrets": {"username": "ops", "password": "mail-pw"}}""");
    String slack =
        create(
            "cred-b",
            """
            {"type": "slack-webhook", "name": "alerts",
             "secrets": {"webhookUrl": "https://hooks.slack.com/services/T0/B0/xyz"}}""");

    MvcTestResult mail = resolve("cred-b", smtp);
    assertThat(mail).bodyJson().extractingPath("$.settings.host").isEqualTo("smtp.example.com");
    assertThat(mail).bodyJson().extractingPath("$.settings.tls").isEqualTo(true);
    assertThat(mail).bodyJson().extractingPath("$.secrets.username").isEqualTo("ops");
    assertThat(mail).bodyJson().extractingPath("$.secrets.password").isEqualTo("mail-pw");
    assertThat(mail).bodyJson().extractingPath("$.httpHeaders").asMap().isEmpty();
    assertThat(resolve("cred-b", slack))
        .bodyJson()
        .extractingPath("$.secrets.webhookUrl")
        .isEqualTo("https://hooks.slack.com/services/T0/B0/xyz");
  }

  @Test
  void theAnswerIsExactlyTheConnectionCredentialsContractTheFunctionRunnerReads() {
    String smtp =
        create(
            "cred-h",
            """
            {"type": "smtp", "name": "mail",
             "settings": {"host": "smtp.example.com", "port": 587, "from": "ops@example.com", "tls": true},
             "secrets": {"username": "ops", "password": "mail-pw"}}""");

    // Strict: a field the contract does not name, or one of another type, fails here.
    ConnectionCredentials answer =
        json.readerFor(ConnectionCredentials.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(body(resolve("cred-h", smtp)));

    assertThat(answer.connectionId()).isEqualTo(smtp);
    assertThat(answer.type()).isEqualTo("smtp");
    assertThat(answer.settings())
        .containsEntry("host", "smtp.example.com")
        .containsEntry("port", 587)
        .containsEntry("tls", true);
    assertThat(answer.secrets()).isEqualTo(Map.of("username", "ops", "password", "mail-pw"));
    assertThat(answer.httpHeaders()).isEmpty();
    assertThat(answer.cacheUntil()).isAfter(Instant.now());
    assertThat(answer.toString()).doesNotContain("mail-pw");
  }

  @Test
  void fetchesAnOAuth2TokenOnceAndReusesItUntilShortlyBeforeExpiry() {
    tokens.expiresIn(3600);
    String id = create("cred-c", oauth("api", "cs-OAUTH-SECRET-5"));
    int before = tokens.issued();

    MvcTestResult first = resolve("cred-c", id);
    MvcTestResult second = resolve("cred-c", id);

    assertThat(first).hasStatusOk();
    String header = JsonPath.read(body(first), "$.httpHeaders.Authorization");
    assertThat(header).startsWith("Bearer at-");
    assertThat(second).bodyJson().extractingPath("$.httpHeaders.Authorization").isEqualTo(header);
    assertThat(tokens.issued()).isEqualTo(before + 1);
    assertThat(tokens.lastForm())
        .contains("grant_type=client_credentials")
        .contains("scope=read+write");
  }

  @Test
  void refetchesTheTokenOnceItIsWithinTheExpiryMargin() {
    // 62 s lifetime minus the 60 s margin: usable for 2 s, and cacheUntil says so.
    tokens.expiresIn(62);
    String id = create("cred-d", oauth("short", "cs-OAUTH-SECRET-5"));

    MvcTestResult first = resolve("cred-d", id);
    String firstToken = JsonPath.read(body(first), "$.httpHeaders.Authorization");
    Instant cacheUntil = Instant.parse(JsonPath.read(body(first), "$.cacheUntil"));
    assertThat(cacheUntil).isBefore(Instant.now().plus(Duration.ofSeconds(5)));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                !firstToken.equals(
                    JsonPath.read(body(resolve("cred-d", id)), "$.httpHeaders.Authorization")));
  }

  @Test
  void aRejectedClientIsA502ProblemThatNamesNoSecret() {
    String id = create("cred-e", oauth("wrong", "cs-WRONG-SECRET-8"));

    MvcTestResult result = resolve("cred-e", id);

    assertThat(result).hasStatus(502);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("HTTP 401")
        .contains("invalid_client");
    assertThat(body(result)).doesNotContain("cs-WRONG-SECRET-8");
  }

  @Test
  void disabledUnknownAndForeignConnectionsAre404AndEveryResolutionIsAudited() {
    String id =
        create(
            "cred-f",
            """
            {"type": "http-bearer", "name": "off", "enabled": false,
             "settings": {"baseUrl": "https://a.example"}, "secrets": {"token": "t"}}""");

    assertThat(resolve("cred-f", id)).hasStatus(404);
    assertThat(resolve("cred-f", "con_missing")).hasStatus(404);
    assertThat(resolve("cred-f-other", id)).hasStatus(404);
    assertThat(patch("cred-f", "/api/v1/connections/" + id, "\"1\"", "{\"enabled\": true}"))
        .hasStatusOk();
    assertThat(
            mvc.get()
                .uri("/internal/v1/connections/" + id + "/credentials")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, "cred-f")
                .header("X-Flowmesh-Caller", "function-runner/run_1")
                .exchange())
        .hasStatusOk();

    var audit =
        jdbc.sql(
                "SELECT connection_id, caller, outcome FROM credential_resolutions"
                    + " WHERE tenant = 'cred-f' ORDER BY id")
            .query()
            .listOfRows();
    assertThat(audit)
        .extracting(row -> row.get("outcome"))
        .containsExactly("NOT_FOUND", "NOT_FOUND", "RESOLVED");
    assertThat(audit.getLast().get("caller")).isEqualTo("function-runner/run_1");
    assertThat(audit.toString()).doesNotContain("\"t\"");
  }

  @Test
  void theInternalEndpointNeedsTheServiceTokenAndATenant() {
    assertThat(
            mvc.get()
                .uri("/internal/v1/connections/con_x/credentials")
                .header(InternalHeaders.TENANT, "cred-g")
                .exchange())
        .hasStatus(401);
    assertThat(
            mvc.get()
                .uri("/internal/v1/connections/con_x/credentials")
                .header(InternalHeaders.GATEWAY_TOKEN, "wrong")
                .header(InternalHeaders.TENANT, "cred-g")
                .exchange())
        .hasStatus(401);
    assertThat(
            mvc.get()
                .uri("/internal/v1/connections/con_x/credentials")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .exchange())
        .hasStatus(401);
  }

  private static String oauth(String name, String secret) {
    return """
        {"type": "oauth2-client-credentials", "name": "%s",
         "settings": {"tokenUrl": "%s", "clientId": "client-1", "scopes": ["read", "write"]},
         "secrets": {"clientSecret": "%s"}}"""
        .formatted(name, tokens.url("/token"), secret);
  }
}
