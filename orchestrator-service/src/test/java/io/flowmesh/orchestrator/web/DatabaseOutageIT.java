package io.flowmesh.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.orchestrator.run.RunApiClient;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * While the database refuses this service, the API answers at once with a 503 problem and {@code
 * Retry-After} (not after Hikari's default 30 s), readiness is DOWN, and both recover by themselves
 * when the database accepts connections again, with what was accepted before still there. The
 * database is made to refuse the way a dead server does: its connections are ended and new ones
 * refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();

  /** Far below Hikari's default of 30 s: an answer later than this is the hang this test is for. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  private static String databaseUrl;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    databaseUrl = RunApiClient.registerProperties(registry, "dboutage", REGISTRY);
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void databaseBack() throws SQLException {
    allowConnections(true);
  }

  @Test
  void anOutageIsA503WithRetryAfterAndReadinessDownAndBothRecoverByThemselves() throws Exception {
    String runId;
    try (RunApiClient api = new RunApiClient(port)) {
      api.send("POST", "/api/v1/workflow-definitions", RunApiClient.UNANSWERED_STEP, "tenant-a");
      runId = api.start("tenant-a", "{\"workflowId\":\"hello\",\"input\":{}}");
    }

    allowConnections(false);

    HttpResponse<String> list = get("/api/v1/runs");
    assertThat(list.statusCode()).isEqualTo(503);
    assertThat(list.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(list.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(list.body())
        .contains(ProblemTypes.UNAVAILABLE.toString())
        .contains("The database is unavailable")
        .doesNotContain("Exception");
    HttpResponse<String> start =
        send(
            HttpRequest.newBuilder(uri("/api/v1/runs"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"workflowId\":\"hello\",\"input\":{}}")));
    assertThat(start.statusCode()).isEqualTo(503);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/actuator/health/readiness").statusCode() == 503);

    allowConnections(true);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    HttpResponse<String> after = get("/api/v1/runs/" + runId);
    assertThat(after.statusCode()).isEqualTo(200);
    try (RunApiClient api = new RunApiClient(port)) {
      JsonNode run = api.body(after);
      assertThat(run.get("runId").asString()).isEqualTo(runId);
      assertThat(api.start("tenant-a", "{\"workflowId\":\"hello\",\"input\":{}}")).isNotBlank();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** Fails with an HttpTimeoutException if the service does not answer within ANSWER_WITHIN. */
  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request
            .timeout(ANSWER_WITHIN)
            .header(InternalHeaders.TENANT, "tenant-a")
            .header(InternalHeaders.GATEWAY_TOKEN, RunApiClient.TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * Refuses or allows new connections to this test's database; refusing also ends the open ones.
   */
  private static void allowConnections(boolean allow) throws SQLException {
    String database = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
    try (Connection admin =
            DriverManager.getConnection(
                TestInfrastructure.postgres().jdbcUrl("postgres"),
                TestInfrastructure.postgres().username(),
                TestInfrastructure.postgres().password());
        Statement statement = admin.createStatement()) {
      statement.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS " + allow);
      if (!allow) {
        statement.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + database
                + "'");
      }
    }
  }
}
