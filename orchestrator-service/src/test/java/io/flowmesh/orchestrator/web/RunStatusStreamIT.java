package io.flowmesh.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.orchestrator.run.RunApiClient;
import io.flowmesh.orchestrator.run.live.RunStatusFeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/runs/status-changes} over real HTTP, PostgreSQL and Kafka: a stream sees its
 * tenant's runs change state as the run events pass through Kafka, and never another tenant's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunStatusStreamIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "runstream", REGISTRY);
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  /** What {@link #open} adds to the lines when the stream has ended. */
  private static final String ENDED = "(ended)";

  @LocalServerPort int port;
  @Autowired RunStatusStreams streams;
  @Autowired RunStatusFeed feed;
  private final HttpClient http = HttpClient.newHttpClient();
  private RunApiClient api;

  @BeforeEach
  void client() {
    api = new RunApiClient(port);
  }

  @AfterEach
  void closeClient() {
    api.close();
  }

  @Test
  void aStreamSeesItsTenantsRunsStartAndEndAndNoOtherTenantsRuns() {
    api.send("POST", "/api/v1/workflow-definitions", RunApiClient.UNANSWERED_STEP, "tenant-a");
    api.send("POST", "/api/v1/workflow-definitions", RunApiClient.UNANSWERED_STEP, "tenant-b");
    List<String> seenByA = open("tenant-a");
    List<String> seenByB = open("tenant-b");
    await().atMost(Duration.ofSeconds(30)).until(() -> seenByA.contains(":open"));
    // "open" means the stream sees every change from then on: the very next run is seen
    String first = api.start("tenant-a", "{\"workflowId\":\"hello\",\"input\":{}}");
    await().atMost(Duration.ofSeconds(30)).until(() -> seen(seenByA, first, "RUNNING"));

    String foreign = api.start("tenant-b", "{\"workflowId\":\"hello\",\"input\":{}}");
    await().atMost(Duration.ofSeconds(30)).until(() -> seen(seenByB, foreign, "RUNNING"));
    String run = api.start("tenant-a", "{\"workflowId\":\"hello\",\"input\":{}}");
    api.send("POST", "/api/v1/runs/" + run + "/cancel", "{}", "tenant-a");

    await().atMost(Duration.ofSeconds(30)).until(() -> seen(seenByA, run, "CANCELLED"));
    assertThat(seen(seenByA, run, "RUNNING")).isTrue();
    assertThat(seenByA.indexOf("event:run-status")).isNotNegative();
    assertThat(seenByA).noneMatch(line -> line.contains(foreign));
    assertThat(seenByB).noneMatch(line -> line.contains(run));
  }

  @Test
  void onShutdownTheStreamsEndBeforeTheServerWouldWaitForThemAndNothingReadsAfterwards() {
    List<String> lines = open("tenant-shutdown");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(":open"));
    assertThat(feed.isOpen()).isTrue();
    streams.stop();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(ENDED));
      // with no stream open, no consumer reads the run events any more
      await().atMost(Duration.ofSeconds(10)).until(() -> !feed.isOpen());
    } finally {
      streams.start();
    }
  }

  @Test
  void theStreamAndTheListsNewFiltersAreInTheOpenApiDocument() {
    JsonNode paths = api.body(api.send("GET", "/v3/api-docs", null, "t")).get("paths");
    JsonNode stream = paths.at("/~1api~1v1~1runs~1status-changes/get");
    assertThat(stream.get("summary").asString()).contains("server-sent events");
    assertThat(stream.at("/responses/200/content").has("text/event-stream")).isTrue();
    assertThat(paths.at("/~1api~1v1~1runs/get/parameters").findValuesAsString("name"))
        .contains("version", "parentRunId", "businessKey", "startedAfter", "startedBefore");
  }

  @Test
  void aStreamNeedsTheTenantTheGatewayResolved() throws Exception {
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/runs/status-changes"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isIn(401, 403);
  }

  private static boolean seen(List<String> lines, String runId, String status) {
    return lines.stream()
        .anyMatch(
            line ->
                line.startsWith("data:")
                    && line.contains("\"runId\":\"" + runId + "\"")
                    && line.contains("\"status\":\"" + status + "\""));
  }

  /** Opens a stream and collects its lines in the background until the test ends. */
  private List<String> open(String tenant) {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/runs/status-changes"))
            .header("Accept", "text/event-stream")
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, RunApiClient.TOKEN)
            .build();
    HttpResponse<Stream<String>> response =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).join();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    Thread.ofVirtual()
        .start(
            () -> {
              response.body().forEach(lines::add);
              lines.add(ENDED);
            });
    return lines;
  }
}
