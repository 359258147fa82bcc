package io.flowmesh.benchmarks;

import io.flowmesh.launcher.JvmOptions;
import io.flowmesh.launcher.Platform;
import io.flowmesh.launcher.services.Service;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workflow end to end on the local platform: six service processes, a durable PostgreSQL (fsync
 * and synchronous_commit on, printed), a KRaft broker. {@code bench.workflow} picks it: {@code
 * three-noop} (default; trigger → three {@code core/noop} actions → end, the engine's target
 * workload) or {@code echo} (the skeleton trigger → {@code core/echo} → end).
 *
 * <ol>
 *   <li>Warm-up at {@code bench.rate} until the JIT has settled ({@link #warmUp}).
 *   <li>Steady latency: the warm-up's load goes on, runs started at {@code bench.rate} per second
 *       for {@code bench.paced-seconds}; start-to-complete latency is {@code completed_at -
 *       started_at} of each run, both stamped by the orchestrator. This is the engine's target "p99
 *       at 50 runs/s".
 *   <li>Saturation: {@code bench.clients} clients start runs through the gateway as fast as it
 *       accepts them for {@code bench.saturation-seconds}; completed runs/s is counted from the
 *       runs' own timestamps once all completed.
 *   <li>Latency after the burst: the same paced load right after saturation, how the platform
 *       recovers from a burst.
 *   <li>The PostgreSQL commit ceiling on the same server ({@code pgbench -N}), as a ratio.
 * </ol>
 *
 * Throughout, every service's Prometheus page is read every {@code bench.scrape-seconds} (15), as a
 * deployment's Prometheus server reads it ({@link PeriodicScrapes}).
 *
 * <p>Bounded in count ({@code bench.max-runs}) and time; loopback only.
 */
public final class SkeletonWorkflowBenchmark {

  private static final String THREE_NOOP =
      """
      {"id":"hello","name":"Three no-op actions","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"a","type":"action","config":{"function":"core/noop"}},
        {"id":"b","type":"action","config":{"function":"core/noop"}},
        {"id":"c","type":"action","config":{"function":"core/noop"}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"source":"trigger","target":"a"},{"source":"a","target":"b"},
                {"source":"b","target":"c"},{"source":"c","target":"end"}]}
      """;

  private static final String ECHO =
      """
      {"id":"hello","name":"Hello","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"echo","type":"action","config":{"function":"core/echo","input":{"message":"{{trigger.message}}"}}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"id":"e1","source":"trigger","target":"echo"},{"id":"e2","source":"echo","target":"end"}]}
      """;

  /**
   * The services as a deployment runs them (C2, the JVM's default compilers; heap as in k8s), not
   * as the laptop launcher does (C1 only, for start-up time and memory): throughput is a production
   * figure. {@code -Dbench.service-jvm-options=} (empty) measures the launcher's.
   */
  private static final String SERVICE_JVM_OPTIONS =
      "-XX:+UseSerialGC -Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError";

  private static final List<String> SERVICES =
      List.of(
          "gateway-service",
          "orchestrator-service",
          "function-runner-service",
          "event-service",
          "integration-service",
          "webhook-service");

  private static final Pattern RUN_ID = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Platform platform;

  private SkeletonWorkflowBenchmark(Platform platform) {
    this.platform = platform;
  }

  public static void main(String[] args) throws Exception {
    int clients = Integer.getInteger("bench.clients", 16);
    int saturationSeconds = Integer.getInteger("bench.saturation-seconds", 30);
    String workflow = System.getProperty("bench.workflow", "three-noop");
    int rate = Integer.getInteger("bench.rate", 50);
    int pacedSeconds = Integer.getInteger("bench.paced-seconds", 30);
    int maxRuns = Integer.getInteger("bench.max-runs", 30_000);
    int ceilingSeconds = Integer.getInteger("bench.ceiling-seconds", 15);
    int warmUpSeconds = Integer.getInteger("bench.warm-up-seconds", 60);
    int warmUpMaxSeconds = Integer.getInteger("bench.warm-up-max-seconds", 600);
    int settledRounds = Integer.getInteger("bench.settled-rounds", 2);
    // Prometheus's own example configuration scrapes every 15 s
    int scrapeSeconds = Integer.getInteger("bench.scrape-seconds", 15);
    double settledJitShare =
        Double.parseDouble(System.getProperty("bench.settled-jit-share", "0.05"));
    Path root = Path.of(System.getProperty("flowmesh.repository-root", "..")).toAbsolutePath();
    // Empty: the launcher's laptop defaults (C1 only, small heaps), for comparison with earlier
    // runs
    List<String> serviceJvm =
        new ArrayList<>(
            JvmOptions.parse(System.getProperty("bench.service-jvm-options", SERVICE_JVM_OPTIONS)));
    String jfrDirectory = System.getProperty("bench.jfr", "");
    if (!jfrDirectory.isBlank()) {
      // one recording per service, named by the JVM after its pid, written when it stops
      Files.createDirectories(Path.of(jfrDirectory));
      serviceJvm.add(
          "-XX:StartFlightRecording=dumponexit=true,filename="
              + jfrDirectory
              + "/,settings=profile");
    }

    String loadAtStart = MachineFacts.loadAverage();
    MachineFacts.print();
    try (DurablePostgres postgres = DurablePostgres.start()) {
      System.out.println("postgres settings : " + postgres.durabilitySettings());
      String database = postgres.createDatabase("flowmesh");
      try (Platform platform =
              Platform.builder()
                  .repositoryRoot(root)
                  .temporaryWorkspace("flowmesh-bench")
                  .externalPostgres(database, "postgres", "postgres")
                  .externalKafka(TestInfrastructure.kafkaBootstrapServers())
                  .freeServicePorts()
                  .serviceJvmOptions(serviceJvm)
                  // The launcher's class data sharing writes an archive at the first exit of a
                  // fresh workspace, and a JVM that will write one runs measurably slower (and
                  // without JFR). Deployments run without it; so does the benchmark unless asked.
                  .classDataSharing(Boolean.getBoolean("bench.class-data-sharing"))
                  .readinessTimeout(Duration.ofMinutes(4))
                  .progress(line -> System.out.println("platform          : " + line))
                  .start();
          PeriodicScrapes scrapes =
              PeriodicScrapes.every(Duration.ofSeconds(scrapeSeconds), platform)) {
        System.out.println("platform ready in : " + platform.startupTime().toMillis() + " ms");
        System.out.println("service jvm       : " + String.join(" ", serviceJvm));
        System.out.println("prometheus scrapes: every service every " + scrapeSeconds + " s");
        ProcessCpu cpu = new ProcessCpu(postgres, SERVICES);
        SkeletonWorkflowBenchmark bench = new SkeletonWorkflowBenchmark(platform);
        bench.post("/api/v1/workflow-definitions", workflow.equals("echo") ? ECHO : THREE_NOOP);
        System.out.println("workflow          : " + workflow);
        ThreadCpu threads = new ThreadCpu(SERVICES);
        bench.warmUp(
            postgres,
            threads,
            rate,
            warmUpSeconds,
            warmUpMaxSeconds,
            new JitSettled(settledJitShare, settledRounds));
        LatencyPhase steady =
            bench.measureLatency(postgres, cpu, threads, "steady", rate, pacedSeconds);

        if (StatementStats.enabled()) {
          StatementStats.reset(postgres, "flowmesh");
        }
        Map<String, Double> before = cpu.snapshot();
        Map<String, Long> requestsBefore = BrokerRequests.snapshot();
        ThreadCpu.Snapshot threadsBefore = threads.snapshot();
        StartGroups.Snapshot groupsBefore = bench.startGroups();
        List<String> saturated = bench.startAsFastAsPossible(clients, saturationSeconds, maxRuns);
        bench.awaitCompleted(postgres, saturated, Duration.ofSeconds(180));
        ThreadCpu.print(threadsBefore, threads.snapshot(), saturated.size(), "run");
        double saturationCpu = ProcessCpu.print("run", before, cpu.snapshot(), saturated.size());
        BrokerRequests.print(requestsBefore, BrokerRequests.snapshot(), saturated.size(), "run");
        StartGroups.print(groupsBefore, bench.startGroups());
        if (StatementStats.enabled()) {
          StatementStats.print(postgres, "flowmesh", saturated.size(), "run");
        }
        double runsPerSecond = bench.completedPerSecond(postgres, saturated);
        double nodesPerSecond = bench.nodeExecutionsPerSecond(postgres, saturated);
        System.out.printf(
            "saturation        : %d clients, %d runs started, %.0f completed runs/s (%.0f node"
                + " executions/s)%n",
            clients, saturated.size(), runsPerSecond, nodesPerSecond);

        bench.measureLatency(postgres, cpu, threads, "after the burst", rate, pacedSeconds);

        Optional<Double> ceiling = CommitCeiling.pgbench(postgres, 8, 2, ceilingSeconds);
        ceiling.ifPresent(
            tps ->
                System.out.printf(
                    "commit ceiling    : pgbench -N %.0f TPS; completed runs/s is %.3f of it,"
                        + " node executions/s %.3f%n",
                    tps, runsPerSecond / tps, nodesPerSecond / tps));
        new EngineFigures(
                "Flowmesh",
                runsPerSecond,
                steady.latencies().percentileMillis(50),
                steady.latencies().percentileMillis(99),
                steady.cpuMillisPerRun(),
                saturationCpu,
                loadAtStart,
                Instant.now())
            .writeIfAsked();
      }
    }
    System.exit(0);
  }

  /**
   * When the JIT counts as settled: its share of the JVMs' CPU below {@code share} in {@code
   * rounds} warm-up rounds in a row. One round is not enough: compilations come in bursts, and a
   * quiet round between two busy ones is common.
   */
  private record JitSettled(double share, int rounds) {}

  /** What a latency phase measured: its runs' start-to-complete latency and CPU per run. */
  private record LatencyPhase(Stats latencies, double cpuMillisPerRun) {}

  /**
   * Runs at the paced rate for at least {@code minSeconds}, then until the JIT is {@code settled},
   * or {@code maxSeconds} have passed. Measuring before the JIT settles measures the compilers: on
   * a slow machine they can take 40 % of a service's CPU after a minute of load.
   */
  private void warmUp(
      DurablePostgres postgres,
      ThreadCpu threads,
      int rate,
      int minSeconds,
      int maxSeconds,
      JitSettled settled)
      throws Exception {
    int round = 15;
    int elapsed = 0;
    int quietRounds = 0;
    while (elapsed < maxSeconds && (elapsed < minSeconds || quietRounds < settled.rounds())) {
      ThreadCpu.Snapshot start = threads.snapshot();
      awaitCompleted(postgres, startAtRate(rate, round), Duration.ofSeconds(120));
      double jitShare = ThreadCpu.jitShare(start, threads.snapshot());
      quietRounds = jitShare < settled.share() ? quietRounds + 1 : 0;
      elapsed += round;
      System.out.printf(
          "warm-up           : %d s, the JIT took %.0f %% of the CPU in the last %d s%n",
          elapsed, 100 * jitShare, round);
    }
  }

  /**
   * Starts runs at {@code rate} per second for {@code seconds} and prints their start-to-complete
   * latency, its legs, the seconds the slow runs started in, what the machine did in those seconds
   * ({@link Timeline}), what the database and the services' garbage collectors did meanwhile, and
   * where a run's CPU went at this load (processes, their busiest threads, and with {@code
   * bench.pg-stat-statements} the statements).
   */
  private LatencyPhase measureLatency(
      DurablePostgres postgres,
      ProcessCpu cpu,
      ThreadCpu threads,
      String when,
      int rate,
      int seconds)
      throws Exception {
    SlowRuns.Background backgroundBefore = SlowRuns.background(postgres);
    GcPauses.Snapshot gcBefore = GcPauses.snapshot(http, platform);
    if (StatementStats.enabled()) {
      StatementStats.reset(postgres, "flowmesh");
    }
    Map<String, Double> cpuBefore = cpu.snapshot();
    ThreadCpu.Snapshot threadsBefore = threads.snapshot();
    Timeline timeline = Timeline.start(cpu, postgres);
    List<String> paced;
    try (timeline;
        AutoCloseable recording = PhaseRecording.start(SERVICES, when)) {
      paced = startAtRate(rate, seconds);
      awaitCompleted(postgres, paced, Duration.ofSeconds(180));
    }
    double cpuPerRun = ProcessCpu.print("run", cpuBefore, cpu.snapshot(), paced.size());
    ThreadCpu.printBusiestThreads(threadsBefore, threads.snapshot(), paced.size(), "run", 25);
    if (StatementStats.enabled()) {
      StatementStats.print(postgres, "flowmesh", paced.size(), "run");
    }
    Stats latencies = latencies(postgres, paced);
    System.out.printf("latency @ %d/s    : %s, start-to-complete %s%n", rate, when, latencies);
    printLegs(postgres, paced);
    SlowRuns.Phase phase = SlowRuns.print(postgres, paced, backgroundBefore);
    timeline.print(phase.startEpochSecond(), phase.worstSeconds());
    GcPauses.print(http, platform, gcBefore);
    return new LatencyPhase(latencies, cpuPerRun);
  }

  private List<String> startAsFastAsPossible(int clients, int seconds, int maxRuns) {
    return StartLoad.asFastAsPossible(
        Executors::newVirtualThreadPerTaskExecutor, clients, seconds, maxRuns, this::startRun);
  }

  private List<String> startAtRate(int perSecond, int seconds) throws InterruptedException {
    return StartLoad.atRate(
        Executors::newVirtualThreadPerTaskExecutor, perSecond, seconds, this::startRun);
  }

  private StartGroups.Snapshot startGroups() throws Exception {
    return StartGroups.snapshot(http, platform.serviceUrl(Service.ORCHESTRATOR));
  }

  private String startRun() throws Exception {
    String body = post("/api/v1/runs", "{\"workflowId\":\"hello\",\"input\":{\"message\":\"hi\"}}");
    Matcher matcher = RUN_ID.matcher(body);
    if (!matcher.find()) {
      throw new IllegalStateException("Unexpected answer: " + body);
    }
    return matcher.group(1);
  }

  private String post(String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .header("Authorization", "Bearer " + platform.apiKey())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private void awaitCompleted(DurablePostgres postgres, List<String> runIds, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long completed = 0;
    while (System.nanoTime() < deadline) {
      completed =
          single(
              postgres,
              "SELECT count(*) FROM orchestrator.runs WHERE status = 'COMPLETED' AND id = ANY(?)",
              runIds);
      if (completed == runIds.size()) {
        return;
      }
      Thread.sleep(200); // polling the database for the end of the batch
    }
    throw new IllegalStateException(
        "Only " + completed + " of " + runIds.size() + " runs completed within " + timeout);
  }

  private double completedPerSecond(DurablePostgres postgres, List<String> runIds)
      throws Exception {
    double seconds =
        singleDouble(
            postgres,
            "SELECT extract(epoch FROM max(completed_at) - min(started_at)) FROM orchestrator.runs"
                + " WHERE id = ANY(?)",
            runIds);
    return runIds.size() / seconds;
  }

  /** Node attempts the runs recorded (every node, trigger and end included) per second. */
  private double nodeExecutionsPerSecond(DurablePostgres postgres, List<String> runIds)
      throws Exception {
    double executions =
        singleDouble(
            postgres,
            "SELECT count(*) FROM orchestrator.node_executions WHERE run_id = ANY(?)",
            runIds);
    return executions * completedPerSecond(postgres, runIds) / runIds.size();
  }

  private Stats latencies(DurablePostgres postgres, List<String> runIds) throws Exception {
    List<Long> nanos = new ArrayList<>();
    RunQuery.forEachRow(
        postgres,
        "SELECT extract(epoch FROM completed_at - started_at) FROM orchestrator.runs"
            + " WHERE id = ANY(?)",
        runIds,
        row -> nanos.add((long) (row.getDouble(1) * 1e9)));
    return new Stats(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Where a run's time goes, from the timestamps both services write: the start until the first
   * action's attempt, each action's request leg (orchestrator attempt to function-runner start:
   * commit, relay, Kafka, poll), its execution, its result leg (back into the orchestrator's
   * transaction), and the last action until the run's end.
   */
  private void printLegs(DurablePostgres postgres, List<String> runIds) throws Exception {
    String legs =
        """
        WITH a AS (
          SELECT n.run_id, n.started_at ns, n.finished_at nf, f.started_at fs, f.finished_at ff
          FROM orchestrator.node_executions n
          JOIN functions.executions f ON f.tenant = n.tenant AND f.execution_id = n.execution_id
          WHERE n.run_id = ANY(?)),
        r AS (
          SELECT r.id, r.started_at, r.completed_at, min(a.ns) first_ns, max(a.nf) last_nf
          FROM orchestrator.runs r JOIN a ON a.run_id = r.id
          GROUP BY r.id, r.started_at, r.completed_at),
        leg(position, name, seconds) AS (
          SELECT 1, 'start to first action', extract(epoch FROM first_ns - started_at) FROM r
          UNION ALL SELECT 2, 'request leg', extract(epoch FROM fs - ns) FROM a
          UNION ALL SELECT 3, 'execution', extract(epoch FROM ff - fs) FROM a
          UNION ALL SELECT 4, 'result leg', extract(epoch FROM nf - ff) FROM a
          UNION ALL SELECT 5, 'last action to end', extract(epoch FROM completed_at - last_nf)
            FROM r)
        SELECT name, count(*), 1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
               1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY seconds)
        FROM leg GROUP BY position, name ORDER BY position
        """;
    RunQuery.forEachRow(
        postgres,
        legs,
        runIds,
        row ->
            System.out.printf(
                "  leg             : %-22s n=%d p50=%.1f ms p99=%.1f ms%n",
                row.getString(1), row.getLong(2), row.getDouble(3), row.getDouble(4)));
  }

  private static long single(DurablePostgres postgres, String sql, List<String> ids)
      throws Exception {
    return (long) singleDouble(postgres, sql, ids);
  }

  private static double singleDouble(DurablePostgres postgres, String sql, List<String> ids)
      throws Exception {
    double[] value = new double[1];
    RunQuery.forEachRow(postgres, sql, ids, row -> value[0] = row.getDouble(1));
    return value[0];
  }
}
