package io.flowmesh.benchmarks;

import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxProperties;
import io.flowmesh.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outbox relay throughput and latency against a durable PostgreSQL and a local Kafka broker.
 *
 * <ol>
 *   <li>Pre-fill: writers commit {@code bench.rows} outbox rows over {@code bench.keys} keys while
 *       no relay runs (what a relay finds after a crash or a backlog).
 *   <li>Drain: an application with its relay starts; committed rows → acknowledged records per
 *       second until the table is empty. A consumer then checks every key's order.
 *   <li>Concurrent: writers and relay together for a bounded time, once as fast as the writers can
 *       and once at a fixed lower rate; throughput and commit → ack latency.
 *   <li>PostgreSQL commit ceiling on the same server: pgbench {@code -N} and single-row JDBC
 *       commits.
 * </ol>
 *
 * Settings are system properties ({@code -Dbench.rows=...}; outbox and Kafka producer settings as
 * Spring properties, e.g. {@code -Dflowmesh.outbox.batch-size=2000}). Exits non-zero if any key
 * arrived out of order or incomplete.
 */
public final class OutboxRelayBenchmark {

  private static final String TOPIC = "flowmesh.bench.outbox-relay.v1";
  private static final int PARTITIONS = 6;

  private OutboxRelayBenchmark() {}

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
    long rows = Long.getLong("bench.rows", 200_000);
    int keyCount = Integer.getInteger("bench.keys", 1_000);
    int writerCount = Integer.getInteger("bench.writers", 8);
    int fillTxSize = Integer.getInteger("bench.fill-tx-size", 100);
    int concurrentSeconds = Integer.getInteger("bench.concurrent-seconds", 20);
    int concurrentTxSize = Integer.getInteger("bench.concurrent-tx-size", 5);
    int pacedSeconds = Integer.getInteger("bench.paced-seconds", 15);
    int pacedRate = Integer.getInteger("bench.paced-rate", 1_000);
    int pacedTxSize = Integer.getInteger("bench.paced-tx-size", 4);
    int ceilingSeconds = Integer.getInteger("bench.ceiling-seconds", 15);

    System.out.println("== Flowmesh outbox relay benchmark");
    MachineFacts.print();
    System.out.printf(
        "settings          : rows=%d keys=%d writers=%d fill-tx-size=%d concurrent=%ds/tx-size %d"
            + " paced=%ds at %d events/s/tx-size %d partitions=%d%n",
        rows,
        keyCount,
        writerCount,
        fillTxSize,
        concurrentSeconds,
        concurrentTxSize,
        pacedSeconds,
        pacedRate,
        pacedTxSize,
        PARTITIONS);

    Results results = new Results();
    try (DurablePostgres postgres = DurablePostgres.start()) {
      Map<String, String> durability = postgres.durabilitySettings();
      durability.forEach(
          (name, value) -> System.out.printf("postgres %-9s: SHOW %s = %s%n", "", name, value));
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
      System.out.println(
          "kafka             : "
              + kafka
              + (System.getenv("TEST_KAFKA_BOOTSTRAP") == null
                  ? " (embedded KRaft broker in this JVM, 1 node)"
                  : " (TEST_KAFKA_BOOTSTRAP)"));
      createTopic(kafka);
      String database = postgres.createDatabase("outbox_bench");
      KeySpace keys = new KeySpace(keyCount, writerCount);

      // 1. Pre-fill with no relay running.
      try (ConfigurableApplicationContext app = BenchApplication.start(database, kafka, false)) {
        OutboxProperties outbox = app.getBean(OutboxProperties.class);
        System.out.printf(
            "relay settings    : batch-size=%d poll-interval=%s send-timeout=%s%n",
            outbox.batchSize(), outbox.pollInterval(), outbox.sendTimeout());
        Writers.Result fill = writers(app, keys, writerCount).fill(rows, fillTxSize);
        long pending = pending(app);
        System.out.printf(
            "%n-- pre-fill (relay off): %d rows in %.1f s = %.0f rows/s, %.0f commits/s; pending %d%n",
            fill.events(),
            fill.seconds(),
            fill.eventsPerSecond(),
            fill.transactionsPerSecond(),
            pending);
        if (pending != rows) {
          throw new IllegalStateException("expected " + rows + " pending rows, found " + pending);
        }
      }

      try (OrderVerifier verifier = new OrderVerifier(kafka, TOPIC, PARTITIONS, keys);
          ConfigurableApplicationContext app = BenchApplication.start(database, kafka, true)) {
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        Counter published = meters.get("flowmesh.outbox.published").counter();
        Timer batches = meters.get("flowmesh.outbox.batch").timer();

        // 2. Drain the backlog.
        long started = app.getBean(BenchApplication.RelayStartMarker.class).startedNanos();
        waitFor(() -> published.count() >= rows, Duration.ofMinutes(10), "relay drain");
        long drained = System.nanoTime();
        double seconds = (drained - started) / 1e9;
        results.drainRate = rows / seconds;
        long left = pending(app);
        System.out.printf(
            "%n-- drain: %d rows committed -> acknowledged in %.2f s = %.0f events/s; %d batches,"
                + " %.0f rows/batch, batch (send..ack) mean %.1f ms max %.1f ms; rows left %d%n",
            rows,
            seconds,
            results.drainRate,
            batches.count(),
            published.count() / Math.max(1, batches.count()),
            batches.mean(TimeUnit.MILLISECONDS),
            batches.max(TimeUnit.MILLISECONDS),
            left);
        long consumeStart = System.nanoTime();
        verifier.consumeUntil(() -> verifier.incompleteKeys() == 0, Duration.ofMinutes(3));
        System.out.printf(
            "   consumer check (%.1f s): %s%n",
            (System.nanoTime() - consumeStart) / 1e9, verifier.summary());
        results.drainOrdered = verifier.violations() == 0 && left == 0;

        // 3. Writers and relay together, writers as fast as they can.
        if (concurrentSeconds > 0) {
          results.saturation =
              concurrent(
                  "concurrent, writers unthrottled",
                  app,
                  keys,
                  writerCount,
                  verifier,
                  published,
                  Duration.ofSeconds(concurrentSeconds),
                  concurrentTxSize,
                  0);
        }
        // 4. Writers and relay together at a fixed lower rate.
        if (pacedSeconds > 0) {
          results.paced =
              concurrent(
                  "concurrent, paced at " + pacedRate + " events/s",
                  app,
                  keys,
                  writerCount,
                  verifier,
                  published,
                  Duration.ofSeconds(pacedSeconds),
                  pacedTxSize,
                  pacedRate);
        }
        results.ordered =
            verifier.violations() == 0 && verifier.incompleteKeys() == 0 && pending(app) == 0;
        System.out.println("   consumer check, whole run: " + verifier.summary());
      }

      // 5. The commit ceiling of this PostgreSQL on this machine.
      if (ceilingSeconds > 0) {
        System.out.printf("%n-- PostgreSQL commit ceiling (same server, durable)%n");
        Optional<Double> pgbench = CommitCeiling.pgbench(postgres, 8, 2, ceilingSeconds);
        pgbench.ifPresent(
            tps ->
                System.out.printf(
                    "   pgbench -N -c 8 -j 2 -T %d: %.0f tps%n", ceilingSeconds, tps));
        double jdbc =
            CommitCeiling.jdbcSingleRowCommits(
                postgres, "outbox_bench", 8, Duration.ofSeconds(Math.min(10, ceilingSeconds)));
        System.out.printf(
            "   JDBC, 8 connections, 1-row INSERT per commit: %.0f commits/s%n", jdbc);
        results.pgbenchTps = pgbench.orElse(Double.NaN);
        results.jdbcCommits = jdbc;
      }
    }

    results.print();
    System.out.println("load average (end): " + MachineFacts.loadAverage());
    return results.drainOrdered && results.ordered ? 0 : 1;
  }

  private static Concurrent concurrent(
      String name,
      ConfigurableApplicationContext app,
      KeySpace keys,
      int writerCount,
      OrderVerifier verifier,
      Counter published,
      Duration duration,
      int txSize,
      double rate)
      throws Exception {
    CommitTimes commitTimes = new CommitTimes();
    AckTimes.clear();
    AckTimes.record(true);
    verifier.recording(true);
    double publishedBefore = published.count();
    Future<Writers.Result> writing =
        writers(app, keys, writerCount).runFor(duration, txSize, rate, commitTimes);
    verifier.consumeUntil(writing::isDone, duration.plusMinutes(2));
    Writers.Result written = writing.get();
    double ackedInWindow = published.count() - publishedBefore;
    long backlog = pending(app);
    long stopped = System.nanoTime();
    waitFor(
        () -> published.count() >= keys.totalCommitted(),
        Duration.ofMinutes(5),
        name + " catch-up");
    double catchUp = (System.nanoTime() - stopped) / 1e9;
    verifier.consumeUntil(() -> verifier.incompleteKeys() == 0, Duration.ofMinutes(3));
    AckTimes.record(false);
    verifier.recording(false);

    List<OrderVerifier.Sample> samples = verifier.samples();
    long[] toAck = new long[samples.size()];
    long[] toConsumer = new long[samples.size()];
    int n = 0;
    for (OrderVerifier.Sample sample : samples) {
      Long committed = commitTimes.get(sample.key(), sample.seq());
      Long acked = AckTimes.ackedNanos(sample.partition(), sample.offset());
      if (committed != null && acked != null) {
        toAck[n] = acked - committed;
        toConsumer[n] = sample.receivedNanos() - committed;
        n++;
      }
    }
    Concurrent result =
        new Concurrent(
            name,
            written,
            ackedInWindow / written.seconds(),
            backlog,
            catchUp,
            new Stats(java.util.Arrays.copyOf(toAck, n)),
            new Stats(java.util.Arrays.copyOf(toConsumer, n)));
    result.print();
    return result;
  }

  record Concurrent(
      String name,
      Writers.Result written,
      double ackedPerSecond,
      long backlogAtStop,
      double catchUpSeconds,
      Stats commitToAck,
      Stats commitToConsumed) {

    void print() {
      System.out.printf(
          "%n-- %s, %.0f s: writers committed %d events in %d transactions = %.0f events/s"
              + " (%.0f commits/s); relay acknowledged %.0f events/s in the window; backlog at stop"
              + " %d rows, drained %.2f s later%n",
          name,
          written.seconds(),
          written.events(),
          written.transactions(),
          written.eventsPerSecond(),
          written.transactionsPerSecond(),
          ackedPerSecond,
          backlogAtStop,
          catchUpSeconds);
      System.out.println("   commit -> Kafka ack     : " + commitToAck);
      System.out.println("   commit -> consumer poll : " + commitToConsumed);
    }
  }

  static final class Results {
    double drainRate;
    boolean drainOrdered;
    boolean ordered;
    Concurrent saturation;
    Concurrent paced;
    double pgbenchTps = Double.NaN;
    double jdbcCommits = Double.NaN;

    void print() {
      System.out.printf("%n== Summary%n");
      System.out.printf(
          "drain (committed -> acknowledged) : %.0f events/s, per-key order %s%n",
          drainRate, drainOrdered ? "kept" : "BROKEN");
      for (Concurrent c :
          java.util.stream.Stream.of(saturation, paced)
              .filter(java.util.Objects::nonNull)
              .toList()) {
        System.out.printf(
            "%-34s: writers %.0f events/s, relay %.0f events/s, commit->ack p50 %.1f ms p99 %.1f ms%n",
            c.name(),
            c.written().eventsPerSecond(),
            c.ackedPerSecond(),
            c.commitToAck().percentileMillis(50),
            c.commitToAck().percentileMillis(99));
      }
      System.out.printf(
          "postgres commit ceiling           : pgbench -N %.0f tps, JDBC 1-row commits %.0f/s%n",
          pgbenchTps, jdbcCommits);
      System.out.printf("ratio drain / pgbench tps         : %.1f%n", drainRate / pgbenchTps);
      System.out.printf("ratio drain / JDBC 1-row commits  : %.1f%n", drainRate / jdbcCommits);
      System.out.printf("per-key order over the whole run : %s%n", ordered ? "kept" : "BROKEN");
    }
  }

  private static Writers writers(ConfigurableApplicationContext app, KeySpace keys, int count) {
    return new Writers(
        app.getBean(Outbox.class), app.getBean(TransactionTemplate.class), keys, TOPIC, count);
  }

  private static long pending(ConfigurableApplicationContext app) {
    Long count =
        app.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM outbox", Long.class);
    return count == null ? 0 : count;
  }

  private static void createTopic(String bootstrapServers) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static void waitFor(BooleanSupplier condition, Duration deadline, String what) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(what + " did not finish within " + deadline);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
