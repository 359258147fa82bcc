package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TopicReader;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Group commit of run starts over real HTTP, PostgreSQL and Kafka. To make a group form on demand,
 * the test holds the advisory lock of one start's idempotency key: that start's group waits in the
 * database, and the starts sent meanwhile queue behind it and are written together once it is let
 * go. Tracing is on as in a deployment that exports traces ({@code AutoConfigureTracing}, export
 * enabled), so that a request's {@code traceparent} header is continued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTracing
class RunStartGroupsIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();
  private static final String TENANT = "tenant-groups";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "rungroups", REGISTRY);
    // Spring Boot continues incoming trace headers only while export is on; no exporter is set.
    registry.add("management.tracing.export.enabled", () -> "true");
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  private static final String ONE_ACTION =
      """
      {"id":"grouped","nodes":[
        {"id":"trigger","type":"trigger"},
        {"id":"work","type":"action","config":{"function":"core/echo","input":{"n":"{{trigger.n}}"}}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"trigger","target":"work"},{"source":"work","target":"end"}]}
      """;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired RunStarts starts;
  @Autowired MeterRegistry meters;
  private final HttpClient http = HttpClient.newHttpClient();
  private RunApiClient api;

  @BeforeEach
  void definition() {
    api = new RunApiClient(port);
    api.send("POST", "/api/v1/workflow-definitions", ONE_ACTION, TENANT);
  }

  @Test
  void startsThatArriveWhileAGroupIsWrittenAreWrittenTogetherEachInItsOwnTrace() throws Exception {
    GroupSizes before = groupSizes();
    Map<String, String> traceIdByRun = new HashMap<>();
    try (HeldKeyLock held = holdKeyLock("first-of-two-groups")) {
      CompletableFuture<HttpResponse<String>> first = start("{\"n\":0}", "first-of-two-groups");
      await().atMost(DEADLINE).until(() -> starts.queuedStarts() == 0 && blockedOnKeyLock());
      List<String> traceIds = new ArrayList<>();
      List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        traceIds.add(traceId);
        queued.add(startTraced("{\"n\":" + i + "}", traceId));
      }
      await().atMost(DEADLINE).until(() -> starts.queuedStarts() == 8);
      held.release();

      assertThat(first.get().statusCode()).isEqualTo(202);
      for (int i = 0; i < queued.size(); i++) {
        HttpResponse<String> response = queued.get(i).get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        traceIdByRun.put(api.body(response).get("runId").asString(), traceIds.get(i));
      }
    }

    GroupSizes after = groupSizes();
    assertThat(after.count() - before.count()).as("groups written").isEqualTo(2);
    assertThat(after.total() - before.total()).as("starts written in them").isEqualTo(9);
    assertThat(traceIdByRun).hasSize(8);
    // Every run of the group was written, with its first action requested, and its events carry
    // the trace of the request that started it, not that of the thread that wrote the group.
    Map<String, String> startedEventTraces = runStartedTraceparents(traceIdByRun.keySet());
    traceIdByRun.forEach(
        (runId, traceId) -> {
          assertThat(startedEventTraces.get(runId)).startsWith("00-" + traceId + "-");
          assertThat(
                  jdbc.sql(
                          "SELECT count(*) FROM node_executions WHERE run_id = ? AND node_id ="
                              + " 'work' AND status = 'RUNNING'")
                      .param(runId)
                      .query(Long.class)
                      .single())
              .isEqualTo(1);
        });
  }

  @Test
  void aGroupThatFailsIsWrittenAgainStartByStartAndLosesNone() throws Exception {
    GroupSizes before = groupSizes();
    HttpResponse<String> firstUse;
    HttpResponse<String> secondUse;
    HttpResponse<String> other;
    try (HeldKeyLock held = holdKeyLock("blocker-of-failing-group")) {
      CompletableFuture<HttpResponse<String>> blocker =
          start("{\"n\":0}", "blocker-of-failing-group");
      await().atMost(DEADLINE).until(() -> starts.queuedStarts() == 0 && blockedOnKeyLock());
      // One key twice in one group: neither start sees the other's run before the group's insert,
      // so the unique index fails the group, and the starts are written again one by one.
      CompletableFuture<HttpResponse<String>> a = start("{\"n\":1}", "same-key");
      CompletableFuture<HttpResponse<String>> b = start("{\"n\":1}", "same-key");
      CompletableFuture<HttpResponse<String>> c = start("{\"n\":2}", "another-key");
      await().atMost(DEADLINE).until(() -> starts.queuedStarts() == 3);
      held.release();
      assertThat(blocker.get().statusCode()).isEqualTo(202);
      firstUse = a.get();
      secondUse = b.get();
      other = c.get();
    }

    assertThat(firstUse.statusCode()).as(firstUse.body()).isEqualTo(202);
    assertThat(secondUse.statusCode()).as(secondUse.body()).isEqualTo(202);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(202);
    String runId = api.body(firstUse).get("runId").asString();
    assertThat(api.body(secondUse).get("runId").asString()).isEqualTo(runId);
    assertThat(runsWithKey("same-key")).isEqualTo(1);
    assertThat(runsWithKey("another-key")).isEqualTo(1);
    GroupSizes after = groupSizes();
    assertThat(after.count() - before.count()).isEqualTo(2);
    assertThat(after.total() - before.total()).isEqualTo(4);
    // The key keeps its request: the same key with another body is still a conflict.
    HttpResponse<String> reused = start("{\"n\":3}", "same-key").get();
    assertThat(reused.statusCode()).isEqualTo(409);
  }

  private CompletableFuture<HttpResponse<String>> start(String input, String idempotencyKey) {
    return http.sendAsync(
        request(input).header("Idempotency-Key", idempotencyKey).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> startTraced(String input, String traceId) {
    String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
    return http.sendAsync(
        request(input).header("traceparent", traceparent).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String input) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs"))
        .header("content-type", "application/json")
        .header(InternalHeaders.TENANT, TENANT)
        .header(InternalHeaders.GATEWAY_TOKEN, RunApiClient.TOKEN)
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"workflowId\":\"grouped\",\"input\":" + input + "}"));
  }

  private Map<String, String> runStartedTraceparents(Set<String> runIds) {
    Map<String, String> found = new HashMap<>();
    try (TopicReader reader = TopicReader.fromBeginning(Topics.RUN_EVENTS)) {
      reader
          .awaitRecords(
              e -> runIds.contains(e.key()) && EventTypes.RUN_STARTED.equals(e.type()),
              runIds.size(),
              DEADLINE)
          .forEach(e -> found.put(e.key(), e.traceparent()));
    }
    return found;
  }

  private long runsWithKey(String key) {
    return jdbc.sql("SELECT count(*) FROM runs WHERE tenant = ? AND idempotency_key = ?")
        .params(TENANT, key)
        .query(Long.class)
        .single();
  }

  /** Whether a start waits for the lock of its idempotency key. */
  private boolean blockedOnKeyLock() {
    return jdbc.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'"
                    + " AND query LIKE '%run-start/%'")
            .query(Long.class)
            .single()
        > 0;
  }

  private HeldKeyLock holdKeyLock(String idempotencyKey) throws Exception {
    Connection connection = dataSource.getConnection();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "SELECT pg_advisory_xact_lock(hashtext('run-start/"
              + TENANT
              + "/"
              + idempotencyKey
              + "'))");
    }
    return new HeldKeyLock(connection);
  }

  /** A transaction of the test's own holding a key's lock until released. */
  private record HeldKeyLock(Connection connection) implements AutoCloseable {
    void release() throws Exception {
      if (!connection.isClosed()) {
        connection.commit();
        connection.close();
      }
    }

    @Override
    public void close() throws Exception {
      release();
    }
  }

  private GroupSizes groupSizes() {
    DistributionSummary summary =
        meters.get("flowmesh.orchestrator.run.start.group.size").summary();
    return new GroupSizes(summary.count(), (long) summary.totalAmount());
  }

  private record GroupSizes(long count, long total) {}

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] |= 1; // an all-zero id is invalid
    return bytes;
  }
}
