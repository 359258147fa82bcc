package io.flowmesh.events.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.testinfra.TestInfrastructure;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void everyTimeFiresOnceThoughAReplicaIsKilledWhileFiring() throws Exception {
    Replica a = start("a");
    Replica b = start("b");
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
    a.process().destroyForcibly().waitFor();
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
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(startRequestKeys()).isEqualTo(recorded));
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
  private Set<String> startRequestKeys() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "kill-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Set<String> keys = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(Topics.RUN_START_REQUESTS));
      int quietPolls = 0;
      while (quietPolls < 5) {
        int seen = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          seen++;
          var event = CloudEventRecords.read(r);
          if (TENANT.equals(event.tenant())) {
            keys.add(json.readValue(event.data(), RunStartRequested.class).idempotencyKey());
          }
        }
        quietPolls = seen == 0 ? quietPolls + 1 : 0;
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

  private record Replica(Process process, int port) {}

  private Replica start(String name) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(
            java,
            "-Xmx384m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "io.flowmesh.events.EventServiceApplication",
            "--server.port=" + port,
            "--spring.datasource.url=" + database,
            "--spring.datasource.username=" + TestInfrastructure.postgres().username(),
            "--spring.datasource.password=" + TestInfrastructure.postgres().password(),
            "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
            "--flowmesh.edge.gateway-token=" + TOKEN,
            "--flowmesh.events.consumer-group=event-service-kill-it",
            "--flowmesh.events.schedules.poll-interval=100ms",
            "--management.tracing.export.enabled=false",
            "--management.otlp.metrics.export.enabled=false");
    File log = Path.of("target", "schedules-kill-" + name + ".log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    processes.add(process);
    int started = port;
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("event-service exited; see " + log);
              }
              return readiness(started) == 200;
            });
    return new Replica(process, port);
  }

  private int readiness(int port) {
    try {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
