package io.flowmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.common.engine.impl.persistence.StrongUuidGenerator;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * The embedded engine beside Flowmesh (issue 33): Flowable 8 in this JVM with its async executor,
 * history level {@code activity}, a process of three async no-op service tasks, on the same kind of
 * durable PostgreSQL as {@link SkeletonWorkflowBenchmark} (its own server, same settings, printed).
 * The phases and their properties are the skeleton's, so the figures line up:
 *
 * <ol>
 *   <li>warm-up at {@code bench.rate} until the JIT has settled;
 *   <li>steady latency: {@code bench.rate} starts per second for {@code bench.paced-seconds};
 *       start-to-complete is {@code END_TIME_ - START_TIME_} of each historic process instance,
 *       both stamped by Flowable;
 *   <li>saturation: {@code bench.clients} threads start process instances as fast as Flowable
 *       accepts them for {@code bench.saturation-seconds} (at most {@code bench.max-runs});
 *       completed instances/s = instances / (last end − first start);
 *   <li>latency after the burst;
 *   <li>the PostgreSQL commit ceiling ({@code pgbench -N}, {@code bench.ceiling-seconds}).
 * </ol>
 *
 * The async executor's settings are {@link FlowableSettings}; Flowable's defaults and the values
 * used are both printed. How the comparison is kept fair: ADR 0055.
 */
public final class FlowableBenchmark {

  static final String PROCESS_KEY = "threeNoop";

  private static final String THREE_ASYNC_NOOP =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                   xmlns:flowable="http://flowable.org/bpmn"
                   targetNamespace="https://flowmesh.io/benchmarks">
        <process id="threeNoop" name="Three async no-op service tasks" isExecutable="true">
          <startEvent id="start"/>
          <sequenceFlow id="toA" sourceRef="start" targetRef="a"/>
          <serviceTask id="a" flowable:async="true" flowable:class="%1$s"/>
          <sequenceFlow id="toB" sourceRef="a" targetRef="b"/>
          <serviceTask id="b" flowable:async="true" flowable:class="%1$s"/>
          <sequenceFlow id="toC" sourceRef="b" targetRef="c"/>
          <serviceTask id="c" flowable:async="true" flowable:class="%1$s"/>
          <sequenceFlow id="toEnd" sourceRef="c" targetRef="end"/>
          <endEvent id="end"/>
        </process>
      </definitions>
      """
          .formatted(NoOp.class.getName());

  private static final String DATABASE = "flowable";

  private final DurablePostgres postgres;
  private final RuntimeService runtime;
  private final int clients;

  private FlowableBenchmark(DurablePostgres postgres, RuntimeService runtime, int clients) {
    this.postgres = postgres;
    this.runtime = runtime;
    this.clients = clients;
  }

  /** The service tasks' work: none, as {@code core/noop} in Flowmesh's workflow. */
  public static final class NoOp implements JavaDelegate {
    @Override
    public void execute(DelegateExecution execution) {
      // nothing: the step's cost is the engine's
    }
  }

  public static void main(String[] args) throws Exception {
    int clients = Integer.getInteger("bench.clients", 16);
    int saturationSeconds = Integer.getInteger("bench.saturation-seconds", 30);
    int rate = Integer.getInteger("bench.rate", 50);
    int pacedSeconds = Integer.getInteger("bench.paced-seconds", 30);
    int maxRuns = Integer.getInteger("bench.max-runs", 30_000);
    int ceilingSeconds = Integer.getInteger("bench.ceiling-seconds", 15);
    int warmUpSeconds = Integer.getInteger("bench.warm-up-seconds", 60);
    int warmUpMaxSeconds = Integer.getInteger("bench.warm-up-max-seconds", 600);
    int settledRounds = Integer.getInteger("bench.settled-rounds", 2);
    double settledJitShare =
        Double.parseDouble(System.getProperty("bench.settled-jit-share", "0.05"));
    FlowableSettings settings = FlowableSettings.fromSystemProperties(clients);

    String loadAtStart = MachineFacts.loadAverage();
    MachineFacts.print();
    try (DurablePostgres postgres = DurablePostgres.start()) {
      System.out.println("postgres settings : " + postgres.durabilitySettings());
      String jdbcUrl = postgres.createDatabase(DATABASE);
      try (HikariDataSource dataSource = dataSource(jdbcUrl, settings.connections())) {
        StandaloneProcessEngineConfiguration configuration =
            new StandaloneProcessEngineConfiguration();
        Map<String, Object> defaults = FlowableSettings.describe(configuration);
        configuration
            .setDataSource(dataSource)
            .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
            .setHistoryLevel(HistoryLevel.ACTIVITY)
            .setAsyncExecutorActivate(true);
        // The default DbIdGenerator takes each new block of ids in a transaction of its own, on a
        // second connection, under a lock the other starting threads wait on while they hold
        // theirs. UUIDs need no database.
        configuration.setIdGenerator(new StrongUuidGenerator());
        // Neither is used by the process; both only add start-up work and tables.
        configuration.setDisableIdmEngine(true);
        configuration.setDisableEventRegistry(true);
        settings.applyTo(configuration);
        long buildStart = System.nanoTime();
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
          printSettings(configuration, defaults, settings, engine, buildStart);
          engine
              .getRepositoryService()
              .createDeployment()
              .addString("three-noop.bpmn20.xml", THREE_ASYNC_NOOP)
              .deploy();
          run(
              new FlowableBenchmark(postgres, engine.getRuntimeService(), clients),
              new Plan(
                  clients,
                  saturationSeconds,
                  rate,
                  pacedSeconds,
                  maxRuns,
                  ceilingSeconds,
                  warmUpSeconds,
                  warmUpMaxSeconds,
                  new JitSettled(settledJitShare, settledRounds)),
              loadAtStart);
        } finally {
          engine.close();
        }
      }
    }
    System.exit(0);
  }

  /** The phases' parameters, as the skeleton benchmark's properties name them. */
  private record Plan(
      int clients,
      int saturationSeconds,
      int rate,
      int pacedSeconds,
      int maxRuns,
      int ceilingSeconds,
      int warmUpSeconds,
      int warmUpMaxSeconds,
      JitSettled settled) {}

  /** As in the skeleton benchmark: the JIT's share of CPU below {@code share} for some rounds. */
  private record JitSettled(double share, int rounds) {}

  /** What a latency phase measured: its instances' start-to-complete latency and CPU each. */
  private record LatencyPhase(Stats latencies, double cpuMillisPerRun) {}

  private static void run(FlowableBenchmark bench, Plan plan, String loadAtStart) throws Exception {
    DurablePostgres postgres = bench.postgres;
    // this JVM (engine, executor and load generator together) and the PostgreSQL server
    ProcessCpu cpu = new ProcessCpu(postgres, List.of());
    ThreadCpu threads = new ThreadCpu(List.of());
    bench.warmUp(threads, plan);
    LatencyPhase steady = bench.measureLatency(cpu, threads, "steady", plan);

    Map<String, Double> before = cpu.snapshot();
    List<String> saturated = bench.startAsFastAsPossible(plan);
    bench.awaitCompleted(saturated, Duration.ofSeconds(180));
    double saturationCpu = ProcessCpu.print("run", before, cpu.snapshot(), saturated.size());
    double runsPerSecond = bench.completedPerSecond(saturated);
    System.out.printf(
        "saturation        : %d clients, %d process instances started, %.0f completed"
            + " instances/s (%.0f async jobs/s)%n",
        plan.clients(), saturated.size(), runsPerSecond, 3 * runsPerSecond);

    bench.measureLatency(cpu, threads, "after the burst", plan);

    Optional<Double> ceiling = CommitCeiling.pgbench(postgres, 8, 2, plan.ceilingSeconds());
    ceiling.ifPresent(
        tps ->
            System.out.printf(
                "commit ceiling    : pgbench -N %.0f TPS; completed instances/s is %.3f of it%n",
                tps, runsPerSecond / tps));
    System.out.println("load average end  : " + MachineFacts.loadAverage());
    new EngineFigures(
            "Flowable",
            runsPerSecond,
            steady.latencies().percentileMillis(50),
            steady.latencies().percentileMillis(99),
            steady.cpuMillisPerRun(),
            saturationCpu,
            loadAtStart,
            Instant.now())
        .writeIfAsked();
  }

  private static HikariDataSource dataSource(String jdbcUrl, int connections) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(jdbcUrl);
    dataSource.setUsername("postgres");
    dataSource.setPassword("postgres");
    dataSource.setMaximumPoolSize(connections);
    dataSource.setMinimumIdle(connections);
    dataSource.setPoolName("flowable");
    // Logs where a connection held longer than this was taken: a debugging aid, off by default.
    dataSource.setLeakDetectionThreshold(Long.getLong("bench.flowable.leak-detection-millis", 0));
    return dataSource;
  }

  private static void printSettings(
      StandaloneProcessEngineConfiguration configuration,
      Map<String, Object> defaults,
      FlowableSettings settings,
      ProcessEngine engine,
      long buildStart) {
    System.out.printf(
        "flowable          : %s, engine built in %d ms%n",
        ProcessEngine.class.getPackage().getImplementationVersion() == null
            ? "8 (version not in the jar's manifest)"
            : ProcessEngine.class.getPackage().getImplementationVersion(),
        Duration.ofNanos(System.nanoTime() - buildStart).toMillis());
    System.out.printf(
        "flowable engine   : history level %s, async executor active %s (%s), id generator %s,"
            + " JDBC pool %d (HikariCP)%n",
        configuration.getHistoryLevel().getKey(),
        engine.getProcessEngineConfiguration().isAsyncExecutorActivate(),
        configuration.getAsyncExecutor().getClass().getSimpleName(),
        configuration.getIdGenerator().getClass().getSimpleName(),
        settings.connections());
    FlowableSettings.describe(configuration)
        .forEach(
            (name, used) ->
                System.out.printf(
                    "flowable setting  : %-44s %-8s (Flowable's default %s)%n",
                    name, used, defaults.get(name)));
  }

  /** As the skeleton benchmark's warm-up: rounds of 15 s at the paced rate. */
  private void warmUp(ThreadCpu threads, Plan plan) throws Exception {
    int round = 15;
    int elapsed = 0;
    int quietRounds = 0;
    while (elapsed < plan.warmUpMaxSeconds()
        && (elapsed < plan.warmUpSeconds() || quietRounds < plan.settled().rounds())) {
      ThreadCpu.Snapshot start = threads.snapshot();
      awaitCompleted(startAtRate(plan.rate(), round), Duration.ofSeconds(120));
      double jitShare = ThreadCpu.jitShare(start, threads.snapshot());
      quietRounds = jitShare < plan.settled().share() ? quietRounds + 1 : 0;
      elapsed += round;
      System.out.printf(
          "warm-up           : %d s, the JIT took %.0f %% of the CPU in the last %d s%n",
          elapsed, 100 * jitShare, round);
    }
  }

  private LatencyPhase measureLatency(ProcessCpu cpu, ThreadCpu threads, String when, Plan plan)
      throws Exception {
    Map<String, Double> cpuBefore = cpu.snapshot();
    ThreadCpu.Snapshot threadsBefore = threads.snapshot();
    List<String> paced = startAtRate(plan.rate(), plan.pacedSeconds());
    awaitCompleted(paced, Duration.ofSeconds(180));
    double cpuPerRun = ProcessCpu.print("run", cpuBefore, cpu.snapshot(), paced.size());
    ThreadCpu.printBusiestThreads(threadsBefore, threads.snapshot(), paced.size(), "run", 10);
    Stats latencies = latencies(paced);
    System.out.printf(
        "latency @ %d/s    : %s, start-to-complete %s%n", plan.rate(), when, latencies);
    return new LatencyPhase(latencies, cpuPerRun);
  }

  private List<String> startAsFastAsPossible(Plan plan) {
    // Platform threads: a start is a JDBC transaction, as a request thread of an application
    // embedding Flowable would run it.
    return StartLoad.asFastAsPossible(
        () -> Executors.newFixedThreadPool(plan.clients()),
        plan.clients(),
        plan.saturationSeconds(),
        plan.maxRuns(),
        this::start);
  }

  /**
   * Starts at {@code perSecond} from the {@code bench.clients} threads of the saturation phase: an
   * application's request threads are a bounded pool, and Flowable needs that bound (see {@link
   * FlowableSettings#connections}).
   */
  private List<String> startAtRate(int perSecond, int seconds) throws InterruptedException {
    return StartLoad.atRate(
        () -> Executors.newFixedThreadPool(clients), perSecond, seconds, this::start);
  }

  private String start() {
    return runtime.startProcessInstanceByKey(PROCESS_KEY).getId();
  }

  private void awaitCompleted(List<String> ids, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long completed = 0;
    while (System.nanoTime() < deadline) {
      completed =
          (long)
              single(
                  "SELECT count(*) FROM act_hi_procinst WHERE end_time_ IS NOT NULL"
                      + " AND id_ = ANY(?)",
                  ids);
      if (completed == ids.size()) {
        return;
      }
      Thread.sleep(200); // polling the database for the end of the batch
    }
    throw new IllegalStateException(
        "Only " + completed + " of " + ids.size() + " process instances ended within " + timeout);
  }

  private double completedPerSecond(List<String> ids) throws Exception {
    double seconds =
        single(
            "SELECT extract(epoch FROM max(end_time_) - min(start_time_)) FROM act_hi_procinst"
                + " WHERE id_ = ANY(?)",
            ids);
    return ids.size() / seconds;
  }

  private Stats latencies(List<String> ids) throws Exception {
    List<Long> nanos = new ArrayList<>();
    RunQuery.forEachRow(
        postgres,
        DATABASE,
        "SELECT extract(epoch FROM end_time_ - start_time_) FROM act_hi_procinst WHERE id_ = ANY(?)",
        ids,
        row -> nanos.add((long) (row.getDouble(1) * 1e9)));
    return new Stats(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  private double single(String sql, List<String> ids) throws Exception {
    double[] value = new double[1];
    RunQuery.forEachRow(postgres, DATABASE, sql, ids, row -> value[0] = row.getDouble(1));
    return value[0];
  }
}
