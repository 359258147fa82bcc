package io.flowmesh.events.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.events.EventServiceApplication;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.testinfra.ServiceProcess;
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.testinfra.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two event-service processes on one database fire twenty schedules a second; one is killed with
 * SIGKILL and the other goes on alone: every nominal time of every schedule fired once (no gap, no
 * time twice), and what reached Kafka is exactly the recorded fires, each at least once (a
 * redelivery after the kill repeats a request under its idempotency key, never invents one). The
 * services run as child JVMs on the test's PostgreSQL and Kafka.
 */
class TwoReplicasKillIT {

  private static final String TOKEN = "kill-token";
  private static final String TENANT = "killco";
  private static final int SCHEDULES = 20;

  private final String database = TestInfrastructure.newDatabase("schedules_kill");
  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final List<ServiceProcess> replicas = new ArrayList<>();

  @AfterEach
  void stop() {
    replicas.forEach(ServiceProcess::close);
  }

  @Test
  void everyTimeFiresOnceThoughAReplicaIsKilledWhileFiring() throws Exception {
    ServiceProcess a = start("a");
    ServiceProcess b = start("b");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SCHEDULES; i++) {
      ids.add(
          create(
              a.port(),
              "{\"name\": \"s"
                  + i
                  + "\", \"workflowId\": \"w\", \"every\": \"PT1S\","
                  + " \"catchUp\": \"all\", \"catchUpWindow\": \"PT10M\"}"));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> fires() >= SCHEDULES * 3L);

    // kill one replica while the two are firing twenty schedules a second
    a.kill();
    long afterKill = fires();
    await().atMost(Duration.ofSeconds(60)).until(() -> fires() >= afterKill + SCHEDULES * 3L);
    for (String id : ids) {
      assertThat(post(b.port(), "/api/v1/schedules/" + id + "/pause").statusCode()).isEqualTo(200);
    }

    Map<String, List<Instant>> firesBySchedule = firesBySchedule();
    assertThat(firesBySchedule).containsOnlyKeys(ids);
    for (Map.Entry<String, List<Instant>> schedule : firesBySchedule.entrySet()) {
      List<Instant> times = schedule.getValue();
      for (int i = 1; i < times.size(); i++) {
        assertThat(Duration.between(times.get(i - 1), times.get(i)))
            .as("schedule %s between %s and %s", schedule.getKey(), times.get(i - 1), times.get(i))
            .isEqualTo(Duration.ofSeconds(1));
      }
    }
    Set<String> recorded = new HashSet<>();
    firesBySchedule.forEach(
        (id, times) -> times.forEach(time -> recorded.add("schedule:" + id + ":" + time)));
    try (TopicReader startRequests = TopicReader.fromBeginning(Topics.RUN_START_REQUESTS)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread() // the reader's consumer is not thread-safe
          .untilAsserted(
              () -> assertThat(startRequestKeys(startRequests.poll())).isEqualTo(recorded));
    }
  }

  private long fires() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM schedule_fires")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Map<String, List<Instant>> firesBySchedule() throws Exception {
    Map<String, List<Instant>> fires = new HashMap<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT schedule_id, fire_time FROM schedule_fires ORDER BY fire_time")) {
      while (rs.next()) {
        Timestamp time = rs.getTimestamp(2);
        fires.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(time.toInstant());
      }
    }
    return fires;
  }

  /** The idempotency keys of the tenant's start requests on Kafka, read from the beginning. */
  /** The idempotency keys of this test's tenant's start requests among the events read. */
  private Set<String> startRequestKeys(List<InboundEvent> events) {
    Set<String> keys = new HashSet<>();
    for (InboundEvent event : events) {
      if (TENANT.equals(event.tenant())) {
        keys.add(json.readValue(event.data(), RunStartRequested.class).idempotencyKey());
      }
    }
    return keys;
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        database + (database.contains("?") ? "&" : "?") + "currentSchema=events",
        TestInfrastructure.postgres().username(),
        TestInfrastructure.postgres().password());
  }

  private String create(int port, String body) throws Exception {
    HttpResponse<String> created =
        http.send(
            request(port, "/api/v1/schedules")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("id").asString();
  }

  private HttpResponse<String> post(int port, String path) throws Exception {
    return http.send(
        request(port, path).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
        .header(InternalHeaders.TENANT, TENANT);
  }

  private ServiceProcess start(String name) throws IOException {
    ServiceProcess replica =
        ServiceProcess.start(
            EventServiceApplication.class,
            database,
            "schedules-kill-" + name,
            List.of(
                "--flowmesh.edge.gateway-token=" + TOKEN,
                "--flowmesh.events.consumer-group=event-service-kill-it",
                "--flowmesh.events.schedules.poll-interval=100ms"));
    replicas.add(replica);
    return replica;
  }
}
