package io.flowmesh.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.functions.FunctionRunnerApplication;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Function executions per second, end to end through Kafka: FunctionRequested records are published
 * to the requests topic as the orchestrator's outbox would, function-runner-service (in this JVM,
 * durable PostgreSQL, its outbox relay) executes them and publishes the results, and a consumer
 * counts them. Two functions: {@code core/noop} and an HTTP function answered by a loopback server.
 *
 * <p>Bounded: {@code bench.rounds} rounds (3) of {@code bench.noop} (5,000) and {@code bench.http}
 * (2,000) executions, each round at most {@code bench.round-timeout-seconds} (120 s).
 */
public final class FunctionExecutionBenchmark {

  private static final String TENANT = "bench";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static void main(String[] args) {
    try {
      run();
      System.exit(0);
    } catch (Throwable e) {
      // Non-daemon threads (broker, HTTP server) would keep a failed run alive.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 3);
    int noopCount = Integer.getInteger("bench.noop", 5_000);
    int httpCount = Integer.getInteger("bench.http", 2_000);
    int keys = Integer.getInteger("bench.keys", 500);
    int timeoutSeconds = Integer.getInteger("bench.round-timeout-seconds", 120);

    System.out.println("== Flowmesh function execution benchmark");
    MachineFacts.print();
    System.out.printf(
        "settings          : rounds=%d noop=%d http=%d keys(runs)=%d round-timeout=%ds%n",
        rounds, noopCount, httpCount, keys, timeoutSeconds);

    HttpServer endpoint = OkEndpoint.start("/fn", 512);

    try (DurablePostgres postgres = DurablePostgres.start()) {
      Map<String, String> durability = postgres.durabilitySettings();
      durability.forEach(
          (name, value) -> System.out.printf("postgres          : SHOW %s = %s%n", name, value));
      if (!"on".equals(durability.get("fsync"))
          || !"on".equals(durability.get("synchronous_commit"))) {
        throw new IllegalStateException("PostgreSQL is not durable; figures would mean nothing");
      }
      String kafka = TestInfrastructure.kafkaBootstrapServers();
      System.out.println("kafka             : " + kafka);
      String jdbcUrl = postgres.createDatabase("functions_bench");

      try (ConfigurableApplicationContext runner = startRunner(jdbcUrl, kafka);
          KafkaProducer<String, byte[]> producer = FunctionTopics.requestProducer(kafka);
          KafkaConsumer<String, byte[]> results = FunctionTopics.resultConsumer(kafka)) {
        registerHttpFunction(
            postgres, "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/fn");
        System.out.println("load average (start): " + MachineFacts.loadAverage());

        round("warm-up core/noop", "core/noop", 500, keys, producer, results, timeoutSeconds);
        round("warm-up bench/http", "bench/http", 200, keys, producer, results, timeoutSeconds);
        List<Double> noop = new ArrayList<>();
        List<Double> http = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
          noop.add(
              round(
                  "round " + r + " core/noop",
                  "core/noop",
                  noopCount,
                  keys,
                  producer,
                  results,
                  timeoutSeconds));
          http.add(
              round(
                  "round " + r + " bench/http",
                  "bench/http",
                  httpCount,
                  keys,
                  producer,
                  results,
                  timeoutSeconds));
        }
        System.out.println("load average (end): " + MachineFacts.loadAverage());
        System.out.printf(
            "%n== RESULT core/noop  : median %.0f executions/s (rounds %s)%n",
            FunctionTopics.median(noop), noop);
        System.out.printf(
            "== RESULT bench/http : median %.0f executions/s (rounds %s)%n",
            FunctionTopics.median(http), http);
      }
    } finally {
      endpoint.stop(0);
    }
  }

  /** Publishes the requests, waits for as many distinct results, returns executions/s. */
  private static double round(
      String label,
      String function,
      int count,
      int keys,
      KafkaProducer<String, byte[]> producer,
      KafkaConsumer<String, byte[]> results,
      int timeoutSeconds)
      throws Exception {
    Set<String> expected = new HashSet<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String runId = "run_bench_" + (i % keys);
      FunctionRequested request =
          new FunctionRequested(
              UuidV7.prefixed("exe"), runId, "n1", 1, function, Map.of("i", i), 0);
      expected.add(request.executionId());
      var event =
          CloudEventBuilder.v1()
              .withId(UUID.randomUUID().toString())
              .withSource(URI.create("/benchmarks"))
              .withType(EventTypes.FUNCTION_REQUESTED)
              .withSubject(runId)
              .withExtension("tenant", TENANT)
              .withData("application/json", JSON.writeValueAsBytes(request))
              .build();
      producer.send(
          KafkaMessageFactory.createWriter(Topics.FUNCTION_REQUESTS, runId).writeBinary(event));
    }
    producer.flush();
    long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
    int seen = 0;
    int duplicates = 0;
    Set<String> done = new HashSet<>();
    while (done.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(100))) {
        String id = executionId(record.value());
        if (expected.contains(id)) {
          seen++;
          if (!done.add(id)) {
            duplicates++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = done.size() / seconds;
    System.out.printf(
        "%-26s: %d/%d results in %.2f s = %.0f executions/s (duplicates %d, records %d)%n",
        label, done.size(), count, seconds, rate, duplicates, seen);
    if (done.size() < count) {
      throw new IllegalStateException(
          label + ": only " + done.size() + " of " + count + " results");
    }
    return Math.round(rate * 10) / 10.0;
  }

  private static String executionId(byte[] value) {
    return JSON.readTree(value).path("executionId").asString();
  }

  private static ConfigurableApplicationContext startRunner(String jdbcUrl, String kafka) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("spring.main.banner-mode", "off");
    settings.put("spring.datasource.url", jdbcUrl);
    settings.put("spring.kafka.bootstrap-servers", kafka);
    settings.put("server.port", "0");
    settings.put("flowmesh.functions.allow-loopback", "true");
    settings.put("flowmesh.edge.gateway-token", "bench-token");
    settings.put("management.tracing.export.enabled", "false");
    settings.put("management.otlp.metrics.export.enabled", "false");
    settings.put("logging.level.root", "WARN");
    // System properties, not the builder's default properties: the service's application.yml
    // would override those.
    settings.forEach((name, value) -> System.setProperty(name, value.toString()));
    return new SpringApplicationBuilder(FunctionRunnerApplication.class).run();
  }

  private static void registerHttpFunction(DurablePostgres postgres, String url) throws Exception {
    try (Connection connection = postgres.connect("functions_bench");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO functions.functions (tenant, slug, name, plugin_id, execution_type,"
                    + " webhook_url, webhook_timeout_seconds, timeout_seconds)"
                    + " VALUES (?, 'bench/http', 'Bench HTTP', 'bench', 'http', ?, 10, 30)")) {
      insert.setString(1, TENANT);
      insert.setString(2, url);
      insert.executeUpdate();
    }
  }

  private FunctionExecutionBenchmark() {}
}
