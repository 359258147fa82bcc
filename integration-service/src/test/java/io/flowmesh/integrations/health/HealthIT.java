package io.flowmesh.integrations.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.flowmesh.integrations.ServiceIT;
import io.flowmesh.integrations.TokenServer;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TopicReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Health checks against real local servers: an HTTP health URL, a token endpoint, GreenMail. */
class HealthIT extends ServiceIT {

  private static TokenServer server;
  private static GreenMail mail;

  @Autowired HealthScheduler scheduler;
  @Autowired HealthService health;

  @BeforeAll
  static void startServers() {
    server = new TokenServer("client-h", "cs-HEALTH-SECRET");
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
  }

  @AfterAll
  static void stopServers() {
    server.close();
    mail.stop();
  }

  @Test
  void anHttpHealthUrlTurnsUnhealthyAndBackAndEachChangeIsPublished() {
    server.healthStatus(200);
    String id =
        create(
            "health-a",
            """
            {"type": "http-bearer", "name": "api",
             "settings": {"baseUrl": "https://api.example", "healthUrl": "%s"},
             "secrets": {"token": "tok-H"}}"""
                .formatted(server.url("/health")));
    String check = "/api/v1/connections/" + id + "/health-check";

    assertThat(post("health-a", check, ""))
        .bodyJson()
        .extractingPath("$.outcome")
        .isEqualTo("HEALTHY");
    server.healthStatus(503);
    MvcTestResult down = post("health-a", check, "");
    assertThat(down).bodyJson().extractingPath("$.outcome").isEqualTo("UNHEALTHY");
    assertThat(down).bodyJson().extractingPath("$.detail").isEqualTo("HTTP 503");
    post("health-a", check, "");
    server.healthStatus(200);
    post("health-a", check, "");

    MvcTestResult history = get("health-a", "/api/v1/connections/" + id + "/health");
    assertThat(history).bodyJson().extractingPath("$.status").isEqualTo("HEALTHY");
    assertThat(history)
        .bodyJson()
        .extractingPath("$.checks[*].outcome")
        .asArray()
        .containsExactly("HEALTHY", "UNHEALTHY", "UNHEALTHY", "HEALTHY");
    assertThat(get("health-a", "/api/v1/connections/" + id))
        .bodyJson()
        .extractingPath("$.healthStatus")
        .isEqualTo("HEALTHY");

    try (TopicReader events = TopicReader.fromBeginning(Topics.INTEGRATION_EVENTS)) {
      List<InboundEvent> mine =
          events.awaitRecords(e -> id.equals(e.key()), 3, Duration.ofSeconds(60));
      assertThat(mine)
          .hasSize(3)
          .extracting(InboundEvent::type)
          .containsOnly(EventTypes.CONNECTION_HEALTH_CHANGED);
      assertThat(new String(mine.get(0).data(), StandardCharsets.UTF_8))
          .contains("\"previousStatus\":\"UNKNOWN\"")
          .contains("\"status\":\"HEALTHY\"");
      assertThat(new String(mine.get(1).data(), StandardCharsets.UTF_8))
          .contains("\"previousStatus\":\"HEALTHY\"")
          .contains("\"status\":\"UNHEALTHY\"");
      assertThat(new String(mine.get(2).data(), StandardCharsets.UTF_8))
          .contains("\"previousStatus\":\"UNHEALTHY\"")
          .contains("\"status\":\"HEALTHY\"");
      assertThat(events.pollRecords())
          .filteredOn(record -> id.equals(record.key()))
          .hasSize(3)
          .allSatisfy(record -> assertThat(TopicReader.text(record)).doesNotContain("tok-H"));
    }
  }

  @Test
  void oauth2ChecksFetchAToken() {
    String good = create("health-b", oauth("good", "cs-HEALTH-SECRET"));
    String bad = create("health-b", oauth("bad", "cs-NOT-IT"));

    assertThat(post("health-b", "/api/v1/connections/" + good + "/health-check", ""))
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo("token issued");
    MvcTestResult rejected = post("health-b", "/api/v1/connections/" + bad + "/health-check", "");
    assertThat(rejected).bodyJson().extractingPath("$.outcome").isEqualTo("UNHEALTHY");
    assertThat(rejected).bodyJson().extractingPath("$.detail").asString().contains("HTTP 401");
  }

  @Test
  void smtpChecksSpeakToTheServerAndNoticeWhenNoneAnswers() throws Exception {
    String up = create("health-c", smtp("up", mail.getSmtp().getPort()));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String down = create("health-c", smtp("down", closedPort));

    MvcTestResult ok = post("health-c", "/api/v1/connections/" + up + "/health-check", "");
    assertThat(ok).bodyJson().extractingPath("$.outcome").isEqualTo("HEALTHY");
    assertThat(post("health-c", "/api/v1/connections/" + down + "/health-check", ""))
        .bodyJson()
        .extractingPath("$.outcome")
        .isEqualTo("UNHEALTHY");
  }

  @Test
  void withoutAHealthUrlThereIsNothingToCheckAndAnotherTenantGets404() {
    String id =
        create(
            "health-d",
            """
            {"type": "slack-webhook", "name": "s",
             "secrets": {"webhookUrl": "https://hooks.slack.com/services/T/B/c"}}""");

    assertThat(post("health-d", "/api/v1/connections/" + id + "/health-check", ""))
        .bodyJson()
        .extractingPath("$.outcome")
        .isEqualTo("NOT_CHECKED");
    assertThat(get("health-d", "/api/v1/connections/" + id + "/health"))
        .bodyJson()
        .extractingPath("$.status")
        .isEqualTo("UNKNOWN");
    assertThat(post("health-other", "/api/v1/connections/" + id + "/health-check", ""))
        .hasStatus(404);
    assertThat(get("health-other", "/api/v1/connections/" + id + "/health")).hasStatus(404);
  }

  @Test
  void scheduledChecksRunDueConnectionsAndConcurrentClaimsNeverOverlap() throws Exception {
    server.healthStatus(200);
    // Only this test's connections are due; others are pushed out of the way.
    jdbc.sql("UPDATE connections SET next_check_at = now() + interval '1 day'").update();
    for (int i = 0; i < 6; i++) {
      create(
          "health-e",
          """
          {"type": "http-bearer", "name": "n%d",
           "settings": {"baseUrl": "https://api.example", "healthUrl": "%s"},
           "secrets": {"token": "t"}}"""
              .formatted(i, server.url("/health")));
    }

    CompletableFuture<List<String[]>> first = CompletableFuture.supplyAsync(health::claimDue);
    CompletableFuture<List<String[]>> second = CompletableFuture.supplyAsync(health::claimDue);
    Set<String> claimed = new HashSet<>();
    int total = 0;
    for (String[] key : first.get()) {
      claimed.add(key[1]);
      total++;
    }
    for (String[] key : second.get()) {
      claimed.add(key[1]);
      total++;
    }
    assertThat(total).isEqualTo(claimed.size()).isEqualTo(6);
    assertThat(health.claimDue()).isEmpty();

    jdbc.sql("UPDATE connections SET next_check_at = now() WHERE tenant = 'health-e'").update();
    assertThat(scheduler.checkDue()).isEqualTo(6);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM connections WHERE tenant = 'health-e'"
                        + " AND health_status = 'HEALTHY' AND next_check_at > now()")
                .query(Long.class)
                .single())
        .isEqualTo(6);
  }

  private static String oauth(String name, String secret) {
    return """
        {"type": "oauth2-client-credentials", "name": "%s",
         "settings": {"tokenUrl": "%s", "clientId": "client-h"},
         "secrets": {"clientSecret": "%s"}}"""
        .formatted(name, server.url("/token"), secret);
  }

  private static String smtp(String name, int port) {
    return """
        {"type": "smtp", "name": "%s",
         "settings": {"host": "127.0.0.1", "port": %d, "from": "ops@example.com", "tls": false},
         "secrets": {"username": "ops", "password": "pw"}}"""
        .formatted(name, port);
  }
}
