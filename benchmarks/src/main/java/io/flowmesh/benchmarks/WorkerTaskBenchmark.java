package io.flowmesh.benchmarks;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.worker.Worker;
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
 * External workers (ADR 0049): tasks per second through poll and complete, and the latency a worker
 * adds to a step. FunctionRequested records of a {@code worker} function are published as the
 * orchestrator's outbox would; function-runner-service (in this JVM, durable PostgreSQL) stores
 * them as tasks; {@code bench.workers} SDK worker runtimes (4) of {@code bench.threads} slots (8)
 * each poll through a stand-in for the gateway's hop and complete them at once; a consumer counts
 * the results on the results topic.
 *
 * <p>Throughput: {@code bench.rounds} (3) rounds of {@code bench.tasks} (5,000) tasks, each figure
 * results / (first publish to last result). Added latency: {@code bench.samples} (300) requests one
 * at a time, alternately of {@code core/noop} and of the worker function; the figure is the
 * difference of their percentiles from publish to result.
 */
public final class WorkerTaskBenchmark {

  private static final String TENANT = "bench";
  private static final String FUNCTION = "bench/work";
  private static final String GATEWAY_TOKEN = "bench-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static void main(String[] args) {
    try {
      run();
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    int workers = Integer.getInteger("bench.workers", 4);
    int threads = Integer.getInteger("bench.threads", 8);
    int rounds = Integer.getInteger("bench.rounds", 3);
    int tasks = Integer.getInteger("bench.tasks", 5_000);
    int samples = Integer.getInteger("bench.samples", 300);
    int keys = Integer.getInteger("bench.keys", 500);
    int timeoutSeconds = Integer.getInteger("bench.round-timeout-seconds", 120);

    System.out.println("== Flowmesh worker task benchmark");
    MachineFacts.print();
    System.out.printf(
        "settings          : workers=%d threads=%d rounds=%d tasks=%d samples=%d keys=%d%n",
        workers, threads, rounds, tasks, samples, keys);

    try (DurablePostgres postgres = DurablePostgres.start()) {
      Map<String, String> durability = postgres.durabilitySettings();
      durability.forEach(
          (name, value) -> System.out.printf("postgres          : SHOW %s = %s%n", name, value));
      if (!"on".equals(durability.get("fsync"))
          || !"on".equals(durability.get("synchronous_commit"))) {
        throw new IllegalStateException("PostgreSQL is not durable; figures would mean nothing");
      }
      String kafka = TestInfrastructure.kafkaBootstrapServers();
      String jdbcUrl = postgres.createDatabase("workers_bench");
      try (ConfigurableApplicationContext runner = startRunner(jdbcUrl, kafka);
          GatewayStandIn gateway =
              GatewayStandIn.start(
                  "http://127.0.0.1:" + runner.getEnvironment().getProperty("local.server.port"),
                  GATEWAY_TOKEN,
                  TENANT);
          KafkaProducer<String, byte[]> producer = FunctionTopics.requestProducer(kafka);
          KafkaConsumer<String, byte[]> results = FunctionTopics.resultConsumer(kafka)) {
        registerWorkerFunction(postgres);
        List<Worker> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          FlowmeshClient client = FlowmeshClient.builder().baseUrl(gateway.url()).build();
          running.add(
              Worker.builder(client)
                  .handler(FUNCTION, task -> Map.of("ok", true))
                  .concurrency(threads)
                  .pollWait(Duration.ofSeconds(5))
                  .workerId("bench-" + w)
                  .build()
                  .start());
        }
        try {
          System.out.println("load average (start): " + MachineFacts.loadAverage());
          throughput("warm-up", 500, keys, producer, results, timeoutSeconds);
          List<Double> rates = new ArrayList<>();
          for (int r = 1; r <= rounds; r++) {
            rates.add(throughput("round " + r, tasks, keys, producer, results, timeoutSeconds));
          }
          long[][] latencies = latencies(samples, producer, results, timeoutSeconds);
          Stats noop = new Stats(latencies[0]);
          Stats worker = new Stats(latencies[1]);
          System.out.println("load average (end): " + MachineFacts.loadAverage());
          System.out.printf(
              "%n== RESULT tasks/s through poll and complete: median %.0f (rounds %s)%n",
              FunctionTopics.median(rates), rates);
          System.out.println("== RESULT step latency core/noop : " + noop);
          System.out.println("== RESULT step latency worker    : " + worker);
          System.out.printf(
              "== RESULT added by a worker: p50 %.1f ms, p99 %.1f ms%n",
              worker.percentileMillis(50) - noop.percentileMillis(50),
              worker.percentileMillis(99) - noop.percentileMillis(99));
        } finally {
          running.forEach(Worker::close);
        }
      }
    }
  }

  /** Publishes the tasks at once, waits for as many distinct results, returns tasks/s. */
  private static double throughput(
      String label,
      int count,
      int keys,
      KafkaProducer<String, byte[]> producer,
      KafkaConsumer<String, byte[]> results,
      int timeoutSeconds) {
    Set<String> expected = new HashSet<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      expected.add(publish(producer, FUNCTION, "run_bench_" + (i % keys), i));
    }
    producer.flush();
    Set<String> done = new HashSet<>();
    long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (done.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(100))) {
        String id = JSON.readTree(record.value()).path("executionId").asString();
        if (expected.contains(id)) {
          done.add(id);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = done.size() / seconds;
    System.out.printf(
        "%-18s: %d/%d results in %.2f s = %.0f tasks/s%n",
        label, done.size(), count, seconds, rate);
    if (done.size() < count) {
      throw new IllegalStateException(label + ": only " + done.size() + " of " + count);
    }
    return Math.round(rate * 10) / 10.0;
  }

  /** Step latencies, publish to result, one request at a time: [0] core/noop, [1] the worker's. */
  private static long[][] latencies(
      int samples,
      KafkaProducer<String, byte[]> producer,
      KafkaConsumer<String, byte[]> results,
      int timeoutSeconds) {
    long[][] latencies = new long[2][samples];
    for (int i = 0; i < 2 * samples; i++) {
      int kind = i % 2;
      long start = System.nanoTime();
      String id = publish(producer, kind == 0 ? "core/noop" : FUNCTION, "run_latency", i);
      producer.flush();
      long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
      boolean seen = false;
      while (!seen && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(1))) {
          seen |= id.equals(JSON.readTree(record.value()).path("executionId").asString());
        }
      }
      if (!seen) {
        throw new IllegalStateException("no result for latency sample " + i);
      }
      latencies[kind][i / 2] = System.nanoTime() - start;
    }
    return latencies;
  }

  private static String publish(
      KafkaProducer<String, byte[]> producer, String function, String runId, int i) {
    FunctionRequested request =
        new FunctionRequested(UuidV7.prefixed("exe"), runId, "n1", 1, function, Map.of("i", i), 0);
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
    return request.executionId();
  }

  private static ConfigurableApplicationContext startRunner(String jdbcUrl, String kafka) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("spring.main.banner-mode", "off");
    settings.put("spring.datasource.url", jdbcUrl);
    settings.put("spring.kafka.bootstrap-servers", kafka);
    settings.put("server.port", "0");
    settings.put("flowmesh.edge.gateway-token", GATEWAY_TOKEN);
    settings.put("management.tracing.export.enabled", "false");
    settings.put("management.otlp.metrics.export.enabled", "false");
    settings.put("logging.level.root", "WARN");
    // System properties, not the builder's default properties: application.yml would win.
    settings.forEach((name, value) -> System.setProperty(name, value.toString()));
    return new SpringApplicationBuilder(FunctionRunnerApplication.class).run();
  }

  private static void registerWorkerFunction(DurablePostgres postgres) throws Exception {
    try (Connection connection = postgres.connect("workers_bench");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO functions.functions (tenant, slug, name, plugin_id, execution_type)"
                    + " VALUES (?, ?, 'Bench worker', 'bench', 'worker')")) {
      insert.setString(1, TENANT);
      insert.setString(2, FUNCTION);
      insert.executeUpdate();
    }
  }
}
