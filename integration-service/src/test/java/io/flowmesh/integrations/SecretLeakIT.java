package io.flowmesh.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Secrets never leave through the public API, the log, events or the database in plain: creates a
 * connection of every type with distinctive secret values, exercises every operation, then searches
 * everything for them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakIT extends ServiceIT {

  private static final String TENANT = "leak-a";

  @Test
  void noSecretValueAppearsInResponsesLogsEventsOrTheDatabase(CapturedOutput output) {
    List<String> secrets =
        List.of(
            "LEAK-bearer-4f1c9a",
            "LEAK-basic-77d2e0",
            "LEAK-apikey-0b9e3c",
            "LEAK-oauth-5a6d1f",
            "LEAK-smtp-3c8b2a",
            "https://hooks.slack.com/services/LEAK-slack-9e7f4d",
            "LEAK-updated-61aa0b",
            "LEAK-invalid-2d4c8e");
    List<String> bodies = new ArrayList<>();
    try (TokenServer server = new TokenServer("leak-client", "LEAK-oauth-5a6d1f");
        TopicReader events = TopicReader.fromBeginning(Topics.INTEGRATION_EVENTS)) {
      GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      mail.start();
      try {
        List<String> ids = new ArrayList<>();
        ids.add(
            createRecording(
                bodies,
                """
                {"type": "http-bearer", "name": "bearer",
                 "settings": {"baseUrl": "https://a.example", "healthUrl": "%s"},
                 "secrets": {"token": "LEAK-bearer-4f1c9a"}}"""
                    .formatted(server.url("/health"))));
        ids.add(
            createRecording(
                bodies,
                """
                {"type": "http-basic", "name": "basic",
                 "settings": {"baseUrl": "https://a.example", "username": "u",
                              "healthUrl": "%s"},
                 "secrets": {"password": "LEAK-basic-77d2e0"}}"""
                    .formatted(server.url("/health"))));
        ids.add(
            createRecording(
                bodies,
                """
                {"type": "api-key-header", "name": "apikey",
                 "settings": {"baseUrl": "https://a.example", "healthUrl": "%s"},
                 "secrets": {"apiKey": "LEAK-apikey-0b9e3c"}}"""
                    .formatted(server.url("/health"))));
        ids.add(
            createRecording(
                bodies,
                """
                {"type": "oauth2-client-credentials", "name": "oauth",
                 "settings": {"tokenUrl": "%s", "clientId": "leak-client"},
                 "secrets": {"clientSecret": "LEAK-oauth-5a6d1f"}}"""
                    .formatted(server.url("/token"))));
        ids.add(
            createRecording(
                bodies,
                """
                {"type": "smtp", "name": "smtp",
                 "settings": {"host": "127.0.0.1", "port": %d, "from": "a@example.com", "tls": false},
                 "secrets": {"username": "mailer", "password": "LEAK-smtp-3c8b2a"}}"""
                    .formatted(mail.getSmtp().getPort())));
        ids.add(
            createRecording(
                bodies,
                """
                {"type": "slack-webhook", "name": "slack",
                 "secrets": {"webhookUrl": "https://hooks.slack.com/services/LEAK-slack-9e7f4d"}}"""));

        // Invalid requests that carry secrets: problems must not echo them.
        bodies.add(
            body(
                post(
                    TENANT,
                    "/api/v1/connections",
                    """
                    {"type": "http-bearer", "name": "bad", "settings": {"baseUrl": "nope"},
                     "secrets": {"token": "LEAK-invalid-2d4c8e", "extra": "LEAK-invalid-2d4c8e"}}""")));
        bodies.add(
            body(
                post(
                    TENANT,
                    "/api/v1/connections",
                    """
                    {"type": "slack-webhook", "name": "bad2",
                     "secrets": {"webhookUrl": "LEAK-invalid-2d4c8e"}}""")));

        for (String id : ids) {
          String uri = "/api/v1/connections/" + id;
          bodies.add(body(get(TENANT, uri)));
          bodies.add(body(post(TENANT, uri + "/health-check", "")));
          bodies.add(body(get(TENANT, uri + "/health")));
          MvcTestResult resolved = resolve(TENANT, id);
          assertThat(resolved).hasStatusOk();
        }
        MvcTestResult updated =
            patch(
                TENANT,
                "/api/v1/connections/" + ids.getFirst(),
                "\"1\"",
                "{\"secrets\": {\"token\": \"LEAK-updated-61aa0b\"}}");
        assertThat(updated).hasStatusOk();
        bodies.add(body(updated));
        bodies.add(body(get(TENANT, "/api/v1/connections")));
        bodies.add(body(get(TENANT, "/api/v1/connections?type=http-bearer")));
        bodies.add(body(patch(TENANT, "/api/v1/connections/" + ids.getFirst(), "\"1\"", "{}")));

        // Health changes were published; wait until this tenant's events arrived.
        events.awaitRecords(
            e -> TENANT.equals(e.tenant()) || ids.contains(e.key()), 5, Duration.ofSeconds(60));
        List<String> eventTexts = events.pollRecords().stream().map(TopicReader::text).toList();

        Map<String, Object> sample =
            jdbc.sql("SELECT count(*) AS n FROM connections WHERE tenant = ?")
                .param(TENANT)
                .query()
                .singleRow();
        assertThat(((Number) sample.get("n")).intValue()).isEqualTo(6);
        List<String> stored =
            jdbc.sql(
                    "SELECT settings::text || encode(encrypted_secret, 'escape') AS row FROM"
                        + " connections WHERE tenant = ?")
                .param(TENANT)
                .query(String.class)
                .list();
        List<String> aux =
            jdbc.sql(
                    "SELECT detail FROM connection_health_checks WHERE tenant = ? UNION ALL"
                        + " SELECT caller || outcome FROM credential_resolutions WHERE tenant = ?")
                .params(TENANT, TENANT)
                .query(String.class)
                .list();

        List<String> basicHeaders =
            List.of(
                Base64.getEncoder()
                    .encodeToString("u:LEAK-basic-77d2e0".getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder()
                    .encodeToString(
                        "leak-client:LEAK-oauth-5a6d1f".getBytes(StandardCharsets.UTF_8)));
        for (String secret : concat(secrets, basicHeaders)) {
          assertThat(bodies).as("API responses").noneMatch(b -> b.contains(secret));
          assertThat(output.getAll()).as("log output").doesNotContain(secret);
          assertThat(eventTexts).as("integration events").noneMatch(t -> t.contains(secret));
          assertThat(stored).as("connections rows").noneMatch(r -> r.contains(secret));
          assertThat(aux).as("health and audit rows").noneMatch(r -> r.contains(secret));
        }
        // The searches above must have had something to search.
        assertThat(bodies).hasSizeGreaterThan(20).anyMatch(b -> b.contains("••••"));
        assertThat(output.getAll()).isNotEmpty();
        assertThat(eventTexts).isNotEmpty();
      } finally {
        mail.stop();
      }
    }
  }

  private String createRecording(List<String> bodies, String json) {
    MvcTestResult result = post(TENANT, "/api/v1/connections", json);
    assertThat(result).hasStatus(201);
    bodies.add(body(result));
    return com.jayway.jsonpath.JsonPath.read(body(result), "$.id");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
