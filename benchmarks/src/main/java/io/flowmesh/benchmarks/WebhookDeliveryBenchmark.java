package io.flowmesh.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.webhooks.WebhookApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * webhook-service's delivery engine end to end, in this JVM: run events go to Kafka, the service
 * ingests them into its per-key queues in durable PostgreSQL and POSTs them, strictly in order per
 * key, to a loopback receiver that checks the order.
 *
 * <ol>
 *   <li><b>all healthy</b>: {@code keys} x {@code events-per-key} events published at once;
 *       deliveries/s from the first to the last delivery.
 *   <li><b>10 % of keys failing</b>: the same with every tenth key answering 503 (production retry
 *       schedule); deliveries/s of the healthy keys, compared with the all-healthy figure.
 *   <li><b>latency</b>: events paced at {@code paced-rate}/s; queue-insert-to-confirmation from the
 *       database ({@code delivered_at - created_at}) and publish-to-receipt at the receiver.
 * </ol>
 *
 * Exit status 1 if any key's order broke or an event went missing.
 */
public final class WebhookDeliveryBenchmark {

  private static final Pattern KEY = Pattern.compile("\"partitionkey\":\"([^\"]+)\"");
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  private static final Pattern SENT = Pattern.compile("\"sentNanos\":(\\d+)");
  private static final String TOKEN = "bench-gateway-token";

  private WebhookDeliveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int status;
    try {
      status = run();
    } catch (Throwable e) {
      e.printStackTrace();
      status = 2;
    }
    System.out.flush();
    System.exit(status);
  }

  private static int run() throws Exception {
    int keys = Integer.getInteger("bench.keys", 1_000);
    int perKey = Integer.getInteger("bench.events-per-key", 20);
    int pacedRate = Integer.getInteger("bench.paced-rate", 500);
    int pacedSeconds = Integer.getInteger("bench.paced-seconds", 10);
    int concurrency = Integer.getInteger("bench.concurrency", 256);

    System.out.println("== Flowmesh webhook delivery benchmark");
    MachineFacts.print();
    System.out.printf(
        "settings          : keys=%d events-per-key=%d paced=%d/s for %ds engine-concurrency=%d%n",
        keys, perKey, pacedRate, pacedSeconds, concurrency);
    try (DurablePostgres postgres = DurablePostgres.start()) {
      Map<String, String> durability = postgres.durabilitySettings();
      durability.forEach(
          (name, value) -> System.out.printf("postgres          : SHOW %s = %s%n", name, value));
      System.out.println(
          "postgres data dir : "
              + postgres.dataDirectory()
              + " on "
              + MachineFacts.fileSystemOf(postgres.dataDirectory()));
      if (!"on".equals(durability.get("fsync"))
          || !"on".equals(durability.get("synchronous_commit"))) {
        throw new IllegalStateException("PostgreSQL is not durable; figures would mean nothing");
      }
      String kafka = TestInfrastructure.kafkaBootstrapServers();
      System.out.println("kafka             : " + kafka + " (embedded KRaft broker in this JVM)");
      String database = postgres.createDatabase("webhook_bench");
      Receiver receiver = new Receiver();
      try (ConfigurableApplicationContext app = startService(database, kafka, concurrency);
          KafkaProducer<String, byte[]> producer = producer(kafka)) {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        System.out.println(
            "receiver          : " + receiver.url("/") + " (JDK HttpServer, loopback)");

        // 0. Warm-up (JIT, connection pools, Kafka consumer group), then fresh planner
        // statistics: a database that has been running has them; a new one gets them from
        // autovacuum only after a minute, and until then the queue queries run on guesses.
        Scenario warmup = new Scenario("warmup", keys, 2, 0);
        subscribe(port, warmup.tenant, receiver.url("/warmup"));
        receiver.expect(warmup);
        publishAll(producer, warmup);
        receiver.awaitHealthy(warmup, 600);
        try (Connection connection = postgres.connect("webhook_bench");
            java.sql.Statement statement = connection.createStatement()) {
          statement.execute("ANALYZE");
        }
        if (StatementStats.enabled()) {
          StatementStats.reset(postgres, "webhook_bench");
        }
        System.out.printf(
            "warm-up           : %d deliveries in %.1f s, then ANALYZE%n",
            warmup.expectedHealthy(), (warmup.lastNanos.get() - warmup.startNanos) / 1e9);

        // 1. All keys healthy.
        Scenario healthy = new Scenario("healthy", keys, perKey, 0);
        String healthySub = subscribe(port, healthy.tenant, receiver.url("/healthy"));
        receiver.expect(healthy);
        Thread sampler = null;
        if (Boolean.getBoolean("bench.diagnose")) {
          sampler = Thread.ofPlatform().daemon().start(() -> sampleActivity(postgres));
        }
        Cost.Snapshot healthyStart = Cost.snapshot(postgres);
        long published = publishAll(producer, healthy);
        receiver.awaitHealthy(healthy, 600);
        Cost.Snapshot healthyEnd = Cost.snapshot(postgres);
        double healthyRate = healthy.rate();
        System.out.printf(
            "%n-- all healthy: %d deliveries (%d keys x %d) published in %.1f s; delivered"
                + " first-to-last in %.2f s = %.0f deliveries/s; publish-to-last %.2f s;"
                + " order violations %d%n",
            healthy.expectedHealthy(),
            keys,
            perKey,
            (published - healthy.startNanos) / 1e9,
            healthy.spanSeconds(),
            healthyRate,
            (healthy.lastNanos.get() - healthy.startNanos) / 1e9,
            healthy.violations.get());
        printQueueLatency(postgres, healthySub, "all healthy (burst)");
        Cost.print("all healthy", healthyStart, healthyEnd, healthy.expectedHealthy());
        printNetworkFailures(postgres, healthySub, "all healthy");
        if (StatementStats.enabled()) {
          StatementStats.print(postgres, "webhook_bench", healthy.expectedHealthy(), "delivery");
        }
        if (sampler != null) {
          sampler.interrupt();
          diagnose(postgres, healthySub);
          return 0;
        }

        // 2. Every tenth key failing.
        Scenario failing = new Scenario("failing", keys, perKey, 10);
        String failingSub = subscribe(port, failing.tenant, receiver.url("/failing"));
        receiver.expect(failing);
        Cost.Snapshot failingStart = Cost.snapshot(postgres);
        publishAll(producer, failing);
        receiver.awaitHealthy(failing, 600);
        Cost.Snapshot failingEnd = Cost.snapshot(postgres);
        double failingRate = failing.rate();
        System.out.printf(
            "%n-- 10%% of keys failing (503): %d healthy deliveries first-to-last in %.2f s ="
                + " %.0f deliveries/s (%.1f%% of all-healthy); failed attempts %d; order"
                + " violations %d%n",
            failing.expectedHealthy(),
            failing.spanSeconds(),
            failingRate,
            100.0 * failingRate / healthyRate,
            failing.failedAttempts.get(),
            failing.violations.get());
        Cost.print("10% failing", failingStart, failingEnd, failing.expectedHealthy());
        printNetworkFailures(postgres, failingSub, "10% failing");

        // 3. Paced, for latency.
        Scenario paced =
            new Scenario("paced", keys, Math.max(1, pacedRate * pacedSeconds / keys), 0);
        String pacedSub = subscribe(port, paced.tenant, receiver.url("/paced"));
        receiver.expect(paced);
        publishPaced(producer, paced, pacedRate);
        receiver.awaitHealthy(paced, 600);
        System.out.printf(
            "%n-- paced at %d/s: %d deliveries; publish-to-receipt %s; order violations %d%n",
            pacedRate,
            paced.expectedHealthy(),
            new Stats(paced.latencies()),
            paced.violations.get());
        printQueueLatency(postgres, pacedSub, "paced");

        long violations =
            healthy.violations.get() + failing.violations.get() + paced.violations.get();
        System.out.printf("%n== Summary%n");
        System.out.printf("deliveries/s, all healthy, strict per-key order : %.0f%n", healthyRate);
        System.out.printf(
            "deliveries/s of healthy keys, 10%% keys failing  : %.0f (%.1f%%)%n",
            failingRate, 100.0 * failingRate / healthyRate);
        System.out.printf(
            "per-key order over all scenarios               : %s%n",
            violations == 0 ? "kept" : "BROKEN (" + violations + ")");
        System.out.println("load average (end): " + MachineFacts.loadAverage());
        return violations == 0 ? 0 : 1;
      } finally {
        receiver.close();
      }
    }
  }

  private static ConfigurableApplicationContext startService(
      String database, String kafka, int concurrency) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("spring.main.banner-mode", "off");
    settings.put("server.port", "0");
    settings.put("spring.datasource.url", database);
    settings.put("spring.datasource.username", "postgres");
    settings.put("spring.datasource.password", "postgres");
    settings.put("spring.kafka.bootstrap-servers", kafka);
    settings.put("flowmesh.edge.gateway-token", TOKEN);
    settings.put("flowmesh.webhooks.allow-loopback", "true");
    settings.put("flowmesh.webhooks.delivery.concurrency", Integer.toString(concurrency));
    settings.put("management.tracing.export.enabled", "false");
    settings.put("management.otlp.metrics.export.enabled", "false");
    settings.put("logging.level.root", "WARN");
    // As command-line arguments: they override the service's application.yml, defaults would not.
    String[] args =
        settings.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(WebhookApplication.class).run(args);
  }

  private static String subscribe(int port, String tenant, String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/webhook-subscriptions"))
                    .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
                    .header(InternalHeaders.TENANT, tenant)
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("subscription not created: " + response.body());
    }
    Matcher id = Pattern.compile("\"id\":\"(whs_[0-9a-f]+)\"").matcher(response.body());
    if (!id.find()) {
      throw new IllegalStateException("no id in " + response.body());
    }
    return id.group(1);
  }

  private static KafkaProducer<String, byte[]> producer(String kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            262_144));
  }

  /** Round-robin over the keys, so every key's events interleave with all others. */
  private static long publishAll(KafkaProducer<String, byte[]> producer, Scenario scenario) {
    scenario.startNanos = System.nanoTime();
    for (int seq = 0; seq < scenario.perKey; seq++) {
      for (int k = 0; k < scenario.keys; k++) {
        producer.send(record(scenario, k, seq));
      }
    }
    producer.flush();
    return System.nanoTime();
  }

  private static void publishPaced(
      KafkaProducer<String, byte[]> producer, Scenario scenario, int rate) throws Exception {
    scenario.startNanos = System.nanoTime();
    long interval = 1_000_000_000L / rate;
    long next = System.nanoTime();
    for (int seq = 0; seq < scenario.perKey; seq++) {
      for (int k = 0; k < scenario.keys; k++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        producer.send(record(scenario, k, seq));
        next += interval;
      }
      producer.flush();
    }
  }

  private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record(
      Scenario scenario, int key, int seq) {
    String data =
        "{\"runId\":\""
            + scenario.key(key)
            + "\",\"seq\":"
            + seq
            + ",\"sentNanos\":"
            + System.nanoTime()
            + "}";
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create("/flowmesh/benchmark"))
            .withType("io.flowmesh.run.node.completed.v1")
            .withSubject(scenario.key(key))
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withDataContentType(CloudEventAttributes.JSON)
            .withExtension(CloudEventAttributes.TENANT, scenario.tenant)
            .withData(data.getBytes(StandardCharsets.UTF_8))
            .build();
    return KafkaMessageFactory.createWriter(Topics.RUN_EVENTS, scenario.key(key))
        .writeBinary(event);
  }

  private static void printQueueLatency(DurablePostgres postgres, String subscription, String what)
      throws Exception {
    try (Connection connection = postgres.connect("webhook_bench");
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*), percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY"
                    + " extract(epoch FROM delivered_at - created_at) * 1000), max(extract(epoch"
                    + " FROM delivered_at - created_at) * 1000)"
                    + " FROM webhooks.deliveries WHERE subscription_id = ? AND status ="
                    + " 'DELIVERED'")) {
      statement.setString(1, subscription);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        Double[] p = (Double[]) rs.getArray(2).getArray();
        System.out.printf(
            "   queue-insert-to-confirmation (%s, database clock): n=%d p50=%.1f ms p90=%.1f ms"
                + " p99=%.1f ms max=%.1f ms%n",
            what, rs.getLong(1), p[0], p[1], p[2], rs.getDouble(3));
      }
    }
  }

  /**
   * Attempts that got no HTTP status at all (connection errors, timeouts): the receiver answers
   * every request, so each one is the sender's problem, and each costs its key a retry delay.
   */
  private static void printNetworkFailures(
      DurablePostgres postgres, String subscription, String phase) throws Exception {
    try (Connection connection = postgres.connect("webhook_bench");
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*), min(a.error) FROM webhooks.delivery_attempts a"
                    + " JOIN webhooks.deliveries d ON d.id = a.delivery_id"
                    + " WHERE d.subscription_id = ? AND a.status_code IS NULL")) {
      statement.setString(1, subscription);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        System.out.printf(
            "   attempts without an HTTP status (%s): %d%s%n",
            phase, rs.getLong(1), rs.getLong(1) == 0 ? "" : ", e.g. " + rs.getString(2));
      }
    }
  }

  private static void sampleActivity(DurablePostgres postgres) {
    try (Connection connection = postgres.connect("webhook_bench");
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("SET search_path = webhooks");
      for (int i = 0; i < 30 && !Thread.currentThread().isInterrupted(); i++) {
        Thread.sleep(1000);
        if (i == 8 || i == 16) {
          try (ResultSet plan =
              statement.executeQuery(
                  "EXPLAIN (ANALYZE, BUFFERS) SELECT d.id FROM deliveries d"
                      + " WHERE d.status = 'PENDING' AND d.next_attempt_at IS NOT NULL"
                      + " AND d.next_attempt_at <= now() AND (SELECT s.state FROM subscriptions s"
                      + " WHERE s.id = d.subscription_id) = 'ACTIVE' AND (SELECT min(p.seq) FROM"
                      + " deliveries p WHERE p.subscription_id = d.subscription_id AND"
                      + " p.ordering_key = d.ordering_key AND p.status = 'PENDING') = d.seq"
                      + " AND (SELECT b.blocked_by FROM delivery_queues b WHERE b.subscription_id"
                      + " = d.subscription_id AND b.ordering_key = d.ordering_key) IS NULL"
                      + " ORDER BY d.next_attempt_at LIMIT 256")) {
            while (plan.next()) {
              System.out.println("   plan: " + plan.getString(1));
            }
          }
        }
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT extract(epoch FROM now() - query_start) * 1000, wait_event_type,"
                    + " wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) FROM"
                    + " pg_stat_activity WHERE state = 'active' AND datname = 'webhook_bench'"
                    + " AND query NOT LIKE '%pg_stat_activity%' ORDER BY 1 DESC LIMIT 3")) {
          while (rs.next()) {
            System.out.printf(
                "   [%2d] %7.0f ms %s/%s %s%n",
                i, rs.getDouble(1), rs.getString(2), rs.getString(3), rs.getString(4));
          }
        }
      }
    } catch (Exception e) {
      // diagnostics only
    }
  }

  /** Where the time went: attempt outcomes, and queueing vs. confirmation per 5-s bucket. */
  private static void diagnose(DurablePostgres postgres, String subscription) throws Exception {
    try (Connection connection = postgres.connect("webhook_bench");
        java.sql.Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT coalesce(a.status_code::text, a.error), count(*) FROM"
                  + " webhooks.delivery_attempts a JOIN webhooks.deliveries d ON d.id ="
                  + " a.delivery_id WHERE d.subscription_id = '"
                  + subscription
                  + "' GROUP BY 1 ORDER BY 2 DESC")) {
        while (rs.next()) {
          System.out.printf("   attempts %-40s %d%n", rs.getString(1), rs.getLong(2));
        }
      }
      try (ResultSet rs =
          statement.executeQuery(
              "WITH t AS (SELECT min(created_at) AS t0 FROM webhooks.deliveries WHERE"
                  + " subscription_id = '"
                  + subscription
                  + "') SELECT b, sum(c) AS created, sum(dl) AS delivered FROM ("
                  + " SELECT floor(extract(epoch FROM created_at - t0) / 5) AS b, 1 AS c, 0 AS dl"
                  + " FROM webhooks.deliveries, t WHERE subscription_id = '"
                  + subscription
                  + "' UNION ALL SELECT floor(extract(epoch FROM delivered_at - t0) / 5), 0, 1"
                  + " FROM webhooks.deliveries, t WHERE subscription_id = '"
                  + subscription
                  + "') x GROUP BY b ORDER BY b")) {
        while (rs.next()) {
          System.out.printf(
              "   t+%3.0fs: queued %6d confirmed %6d%n",
              rs.getDouble(1) * 5, rs.getLong(2), rs.getLong(3));
        }
      }
    }
  }

  /**
   * What a phase cost, robust to other load on the machine: CPU time of this JVM (broker, service,
   * receiver) and of the PostgreSQL server processes, commits and WAL, each per delivery.
   */
  static final class Cost {

    record Snapshot(long jvmCpuNanos, double postgresCpuMillis, long commits, long walBytes) {}

    static Snapshot snapshot(DurablePostgres postgres) throws Exception {
      long commits;
      long wal;
      try (Connection connection = postgres.connect("webhook_bench");
          java.sql.Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT (SELECT sum(xact_commit) FROM pg_stat_database),"
                      + " pg_current_wal_lsn() - '0/0'::pg_lsn")) {
        rs.next();
        commits = rs.getLong(1);
        wal = rs.getLong(2);
      }
      return new Snapshot(
          ((com.sun.management.OperatingSystemMXBean)
                  java.lang.management.ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime(),
          ProcessCpu.postgresMillis(postgres),
          commits,
          wal);
    }

    static void print(String phase, Snapshot start, Snapshot end, int deliveries) {
      System.out.printf(
          "   cost per delivery (%s): cpu jvm %.3f ms + postgres %.3f ms; commits %.3f;"
              + " WAL %.0f bytes%n",
          phase,
          (end.jvmCpuNanos() - start.jvmCpuNanos()) / 1e6 / deliveries,
          (end.postgresCpuMillis() - start.postgresCpuMillis()) / deliveries,
          (end.commits() - start.commits()) / (double) deliveries,
          (end.walBytes() - start.walBytes()) / (double) deliveries);
    }
  }

  /** One scenario's keys, expectations and measurements. */
  static final class Scenario {
    final String name;
    final String tenant;
    final int keys;
    final int perKey;
    final int failEvery;
    volatile long startNanos;
    final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastNanos = new AtomicLong();
    final AtomicInteger healthy = new AtomicInteger();
    final AtomicInteger failedAttempts = new AtomicInteger();
    final AtomicLong violations = new AtomicLong();
    final Map<String, Integer> nextSeq = new ConcurrentHashMap<>();
    final List<Long> latencyNanos = java.util.Collections.synchronizedList(new ArrayList<>());

    Scenario(String name, int keys, int perKey, int failEvery) {
      this.name = name;
      this.tenant = "bench-" + name;
      this.keys = keys;
      this.perKey = perKey;
      this.failEvery = failEvery;
    }

    String key(int k) {
      return name + "-" + k;
    }

    boolean failing(String key) {
      if (failEvery == 0) {
        return false;
      }
      int k = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
      return k % failEvery == 0;
    }

    int expectedHealthy() {
      int failingKeys = failEvery == 0 ? 0 : (keys + failEvery - 1) / failEvery;
      return (keys - failingKeys) * perKey;
    }

    double spanSeconds() {
      return (lastNanos.get() - firstNanos.get()) / 1e9;
    }

    double rate() {
      return expectedHealthy() / spanSeconds();
    }

    long[] latencies() {
      synchronized (latencyNanos) {
        return latencyNanos.stream().mapToLong(Long::longValue).toArray();
      }
    }
  }

  /** A loopback endpoint that checks per-key order and answers 503 for failing keys. */
  static final class Receiver implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
      server.createContext("/", this::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void expect(Scenario scenario) {
      scenarios.put("/" + scenario.name, scenario);
    }

    void awaitHealthy(Scenario scenario, int maxSeconds) throws InterruptedException {
      long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
      while (scenario.healthy.get() < scenario.expectedHealthy()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              scenario.name
                  + ": only "
                  + scenario.healthy.get()
                  + " of "
                  + scenario.expectedHealthy()
                  + " delivered in "
                  + maxSeconds
                  + " s");
        }
        Thread.sleep(20);
      }
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        long now = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Scenario scenario = scenarios.get(exchange.getRequestURI().getPath());
        Matcher key = KEY.matcher(body);
        Matcher seq = SEQ.matcher(body);
        Matcher sent = SENT.matcher(body);
        if (scenario == null || !key.find() || !seq.find() || !sent.find()) {
          exchange.sendResponseHeaders(400, -1);
          return;
        }
        String k = key.group(1);
        if (scenario.failing(k)) {
          scenario.failedAttempts.incrementAndGet();
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        int s = Integer.parseInt(seq.group(1));
        Integer expected = scenario.nextSeq.getOrDefault(k, 0);
        if (s != expected) {
          scenario.violations.incrementAndGet();
        }
        scenario.nextSeq.put(k, s + 1);
        scenario.latencyNanos.add(now - Long.parseLong(sent.group(1)));
        scenario.firstNanos.accumulateAndGet(now, Math::min);
        scenario.lastNanos.accumulateAndGet(now, Math::max);
        scenario.healthy.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
