package io.flowmesh.functions.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.integration.ConnectionCredentials;
import io.flowmesh.model.integration.RunCredentialAnswer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * integration-service's answers, written as the common-model records it serialises, are read by the
 * resolver into the credentials functions use; fields added later are ignored, and an unreadable
 * answer is never quoted.
 */
class IntegrationServiceAnswersTest {

  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicReference<byte[]> answer = new AtomicReference<>();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer integrations;
  private ConnectionResolver resolver;

  @BeforeEach
  void startIntegrationService() throws IOException {
    integrations = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    integrations.createContext(
        "/internal/v1/",
        exchange -> {
          calls.incrementAndGet();
          byte[] body = answer.get();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    integrations.start();
    ConnectionProperties properties =
        new ConnectionProperties(
            URI.create("http://127.0.0.1:" + integrations.getAddress().getPort()),
            Duration.ofSeconds(5),
            Duration.ofMinutes(10),
            Duration.ofSeconds(30));
    resolver =
        new ConnectionResolver(
            properties, "test-token", json, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
  }

  @AfterEach
  void stopIntegrationService() {
    resolver.destroy();
    integrations.stop(0);
  }

  @Test
  void aConnectionsCredentialsAreReadAndCachedUntilTheirCacheUntil() {
    ObjectNode written =
        json.valueToTree(
            new ConnectionCredentials(
                "con_1",
                "smtp",
                Map.of("host", "smtp.example.com", "port", 587, "tls", true),
                Map.of("username", "ops", "password", "pw-SECRET-1"),
                Map.of(),
                NOW.plus(Duration.ofMinutes(5))));
    written.put("addedLater", "ignored");
    answer.set(json.writeValueAsBytes(written));

    Connection connection = resolver.resolve("tenant-a", "con_1", "smtp");
    resolver.resolve("tenant-a", "con_1", "smtp");

    assertThat(connection.setting("host")).isEqualTo("smtp.example.com");
    assertThat(connection.settings()).containsEntry("port", 587).containsEntry("tls", true);
    assertThat(connection.secrets())
        .isEqualTo(Map.of("username", "ops", "password", "pw-SECRET-1"));
    assertThat(connection.httpHeaders()).isEmpty();
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRunsCredentialIsReadWithItsNullAndNestedFields() {
    Map<String, Object> secrets = new HashMap<>();
    secrets.put("token", "tok-SECRET-2");
    secrets.put("region", null);
    secrets.put("headers", Map.of("X-Tenant", "acme"));
    Map<String, String> headers = Map.of("Authorization", "Bearer tok-SECRET-2");
    answer.set(
        json.writeValueAsBytes(
            new RunCredentialAnswer(
                "run_1", "acme", secrets, headers, NOW.plus(Duration.ofMinutes(5)))));

    RunCredential credential = resolver.runCredential("tenant-a", "run_1", "acme").orElseThrow();

    assertThat(credential.integration()).isEqualTo("acme");
    assertThat(credential.secrets()).isEqualTo(secrets);
    assertThat(credential.httpHeaders()).isEqualTo(headers);
  }

  @Test
  void anUnreadableAnswerIsARetryableFailureThatQuotesNothingOfIt() {
    answer.set(
        "{\"type\": \"smtp\", \"secrets\": [\"pw-SECRET-3\"]}".getBytes(StandardCharsets.UTF_8));

    ConnectionException connection =
        catchThrowableOfType(
            ConnectionException.class, () -> resolver.resolve("tenant-a", "con_2"));
    ConnectionException run =
        catchThrowableOfType(
            ConnectionException.class, () -> resolver.runCredential("tenant-a", "run_2", "acme"));

    assertThat(connection.code()).isEqualTo(ConnectionException.UNAVAILABLE);
    assertThat(run.code()).isEqualTo(ConnectionException.RUN_CREDENTIALS_UNAVAILABLE);
    for (ConnectionException failure : new ConnectionException[] {connection, run}) {
      assertThat(failure.retryable()).isTrue();
      assertThat(failure.getMessage())
          .endsWith("integration-service sent an unreadable answer")
          .doesNotContain("pw-SECRET-3");
      assertThat(failure.getCause()).isNull();
    }
  }
}
