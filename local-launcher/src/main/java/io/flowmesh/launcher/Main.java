package io.flowmesh.launcher;

import io.flowmesh.launcher.postgres.EmbeddedPostgresServer;
import io.flowmesh.launcher.process.MemoryUsage;
import io.flowmesh.launcher.process.PidFile;
import io.flowmesh.launcher.process.ProcessInspector;
import io.flowmesh.launcher.process.StaleProcesses;
import io.flowmesh.launcher.services.ReadinessProbe;
import io.flowmesh.launcher.services.Service;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./flowmesh run|stop|status}: the command line around {@link Platform}.
 *
 * <p>Exit codes: 0 fine, 1 failed, 2 bad usage, 3 not running ({@code status}).
 */
public final class Main {

  static final String USAGE =
      """
      Usage: ./flowmesh run [--fresh] [--build] [--infra-only | --only SERVICE,...] [--pg-port N]
                            [--kafka-port N] [--kafka-controller-port N] [--timeout SECONDS]
             ./flowmesh stop
             ./flowmesh status

        run     start PostgreSQL, Kafka and the six services; Ctrl-C stops them all
                --fresh       delete .flowmesh/data first (database, topics, dev API key)
                --build       build the tree first (else only when jars are missing)
                --infra-only  PostgreSQL and Kafka only (run services from your IDE)
                --only        these services only, e.g. --only gateway,orchestrator
        stop    stop a running launcher (or clean up after one that crashed)
        status  is it running, and is every service ready

      Environment: FLOWMESH_SERVICE_JAVA_OPTS, FLOWMESH_KAFKA_JAVA_OPTS replace the default JVM
      options of the services and the broker.
      """;

  private static final long START = System.nanoTime();

  private Main() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      code = 2;
    }
    if (code != Integer.MIN_VALUE) {
      System.exit(code);
    }
    // running: the process lives until a signal (Ctrl-C, ./flowmesh stop) runs the shutdown hook
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a command; {@link Integer#MIN_VALUE} means "keep running". */
  static int run(String[] args) {
    Options options = Options.parse(args);
    return switch (options.command()) {
      case "run" -> runPlatform(options);
      case "stop" -> stop(options);
      case "status" -> status(options);
      case "help" -> {
        System.out.print(USAGE);
        yield 0;
      }
      default -> throw new IllegalArgumentException("Unknown command: " + options.command());
    };
  }

  private static int runPlatform(Options options) {
    PlatformBuilder builder =
        Platform.builder()
            .repositoryRoot(options.root())
            .embeddedPostgres(options.postgresPort())
            .embeddedKafka(options.kafkaPort(), options.kafkaControllerPort())
            .readinessTimeout(options.timeout())
            .fresh(options.fresh())
            .progress(Main::say);
    if (options.infraOnly()) {
      builder.services(List.of());
    } else if (!options.only().isEmpty()) {
      builder.services(options.only());
    }
    String serviceOptions = System.getenv("FLOWMESH_SERVICE_JAVA_OPTS");
    if (serviceOptions != null && !serviceOptions.isBlank()) {
      builder.serviceJvmOptions(JvmOptions.parse(serviceOptions));
    }
    String kafkaOptions = System.getenv("FLOWMESH_KAFKA_JAVA_OPTS");
    if (kafkaOptions != null && !kafkaOptions.isBlank()) {
      builder.kafkaJvmOptions(JvmOptions.parse(kafkaOptions));
    }
    Platform platform = builder.build();
    AtomicBoolean stopping = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              say("stopping (services, then Kafka, then PostgreSQL)");
              platform.close();
              say("stopped");
            },
            "flowmesh-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    say(
        "starting Flowmesh from "
            + options.root()
            + " with Java "
            + Runtime.version().feature()
            + " ("
            + Runtime.getRuntime().availableProcessors()
            + " cores)");
    try {
      platform.start();
    } catch (RuntimeException e) {
      if (!stopping.get()) {
        System.err.println();
        System.err.println("Flowmesh did not start: " + e.getMessage());
      }
      return 1; // System.exit runs the hook, which stops what did start
    }
    if (options.infraOnly()) {
      System.out.printf(
          Locale.ROOT,
          "%nPostgreSQL %s (postgres/postgres) and Kafka %s are up (%.1f s). Ctrl-C stops them.%n",
          platform.postgres().jdbcUrl(),
          platform.kafkaBootstrapServers(),
          platform.startupTime().toMillis() / 1000.0);
    } else {
      System.out.print(Banner.of(platform, options.root()));
    }
    System.out.flush();
    return Integer.MIN_VALUE;
  }

  private static int stop(Options options) {
    Workspace workspace = Workspace.of(options.root());
    Optional<ProcessHandle> launcher = runningLauncher(workspace);
    if (launcher.isPresent()) {
      ProcessHandle process = launcher.get();
      say("stopping the launcher (pid " + process.pid() + ")");
      process.destroy();
      try {
        process.onExit().get(90, TimeUnit.SECONDS);
        say("stopped");
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      } catch (Exception e) {
        say("the launcher did not stop within 90 s; killing it and cleaning up");
        process.destroyForcibly();
        process.onExit().join();
      }
    }
    // nobody runs: clean up after a launcher that crashed, holding the lock while doing so
    if (!Files.isDirectory(workspace.run())) {
      say("not running");
      return 0;
    }
    try (WorkspaceLock lock = WorkspaceLock.acquire(workspace)) {
      List<String> stopped =
          StaleProcesses.reap(
              new PidFile(workspace.pidFile()), workspace.processMarker(), Duration.ofSeconds(10));
      Optional<Long> postmaster =
          EmbeddedPostgresServer.stopLeftoverServer(workspace.postgresData());
      postmaster.ifPresent(pid -> stopped.add("postgres (pid " + pid + ")"));
      Files.deleteIfExists(workspace.endpointsFile());
      say(
          stopped.isEmpty()
              ? "not running"
              : "stopped leftovers of a crashed launcher: " + String.join(", ", stopped));
      return 0;
    } catch (IOException e) {
      System.err.println("Cannot clean up: " + e.getMessage());
      return 1;
    }
  }

  private static int status(Options options) {
    Workspace workspace = Workspace.of(options.root());
    Optional<ProcessHandle> launcher = runningLauncher(workspace);
    if (launcher.isEmpty()) {
      System.out.println("Flowmesh is not running (" + workspace.root() + ")");
      long leftovers =
          new PidFile(workspace.pidFile())
              .read().stream()
                  .filter(
                      entry ->
                          ProcessInspector.liveWithMarker(entry.pid(), workspace.processMarker())
                              .isPresent())
                  .count();
      if (leftovers > 0) {
        System.out.println(
            "  but "
                + leftovers
                + " processes of a crashed launcher still run: ./flowmesh stop (or run) ends them");
      }
      return 3;
    }
    System.out.println("Flowmesh launcher running, pid " + launcher.get().pid());
    Properties endpoints = new Properties();
    try (Reader reader = Files.newBufferedReader(workspace.endpointsFile())) {
      endpoints.load(reader);
    } catch (IOException e) {
      System.out.println("  starting (no endpoints published yet)");
      return 1;
    }
    ReadinessProbe probe = new ReadinessProbe();
    Map<String, Long> pids = new LinkedHashMap<>();
    new PidFile(workspace.pidFile()).read().forEach(entry -> pids.put(entry.name(), entry.pid()));
    // the services and Kafka are the launcher's children, PostgreSQL is not (pg_ctl detaches it)
    MemoryUsage total = MemoryUsage.ofTree(launcher.get().pid());
    System.out.printf("  %-24s %-44s %8s %8s%n", "process", "address", "RSS", "PSS");
    System.out.printf(
        "  %-24s %-44s %s%n",
        "launcher", "pid " + launcher.get().pid(), megabytes(MemoryUsage.of(launcher.get().pid())));
    boolean allReady = true;
    for (Service service : Service.values()) {
      String url = endpoints.getProperty("service." + service.module());
      if (url != null) {
        boolean ready = probe.isReady(url);
        allReady &= ready;
        System.out.printf(
            "  %-24s %-44s %s  %s%n",
            service.module(),
            url,
            megabytes(memoryOf(pids.get(service.module()))),
            ready ? "READY" : "NOT READY");
      }
    }
    Optional<Long> postmaster = postmasterPid(workspace);
    MemoryUsage postgres = postmaster.map(Main::memoryOf).orElse(new MemoryUsage(0, 0, 0));
    System.out.printf(
        "  %-24s %-44s %s%n", "postgres", endpoints.getProperty("postgres"), megabytes(postgres));
    System.out.printf(
        "  %-24s %-44s %s%n",
        "kafka", endpoints.getProperty("kafka"), megabytes(memoryOf(pids.get("kafka"))));
    total = total.plus(postgres);
    System.out.printf(
        "  %-24s %-44s %s  (%d processes)%n", "total", "", megabytes(total), total.processes());
    return allReady ? 0 : 1;
  }

  private static MemoryUsage memoryOf(Long pid) {
    return pid == null ? new MemoryUsage(0, 0, 0) : MemoryUsage.ofTree(pid);
  }

  private static String megabytes(MemoryUsage usage) {
    return String.format(
        Locale.ROOT, "%4d MiB %4d MiB", usage.rssKib() / 1024, usage.pssKib() / 1024);
  }

  private static Optional<Long> postmasterPid(Workspace workspace) {
    try {
      return Optional.of(
          Long.parseLong(
              Files.readAllLines(workspace.postgresData().resolve("postmaster.pid"))
                  .get(0)
                  .strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The launcher named in the workspace's pid file, if that pid is alive and is a launcher. */
  static Optional<ProcessHandle> runningLauncher(Workspace workspace) {
    return WorkspaceLock.readPid(workspace.launcherPidFile())
        .flatMap(pid -> ProcessInspector.liveWithMarker(pid, Main.class.getName()));
  }

  static void say(String message) {
    System.out.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - START) / 1e9, message);
    System.out.flush();
  }

  /** Parsed command line. */
  record Options(
      String command,
      Path root,
      boolean fresh,
      boolean infraOnly,
      List<Service> only,
      int postgresPort,
      int kafkaPort,
      int kafkaControllerPort,
      Duration timeout) {

    static Options parse(String[] args) {
      List<String> rest = new ArrayList<>(List.of(args));
      String command = rest.isEmpty() ? "help" : rest.remove(0);
      Path root = Path.of("").toAbsolutePath();
      boolean fresh = false;
      boolean infraOnly = false;
      List<Service> only = List.of();
      int postgresPort = 15432;
      int kafkaPort = 19092;
      int kafkaControllerPort = 19093;
      Duration timeout = Duration.ofSeconds(180);
      for (int i = 0; i < rest.size(); i++) {
        String arg = rest.get(i);
        switch (arg) {
          case "--fresh" -> fresh = true;
          case "--infra-only" -> infraOnly = true;
          case "--only" -> only = services(value(rest, ++i, arg));
          case "--root" -> root = Path.of(value(rest, ++i, arg)).toAbsolutePath().normalize();
          case "--pg-port" -> postgresPort = port(value(rest, ++i, arg), arg);
          case "--kafka-port" -> kafkaPort = port(value(rest, ++i, arg), arg);
          case "--kafka-controller-port" -> kafkaControllerPort = port(value(rest, ++i, arg), arg);
          case "--timeout" -> timeout = Duration.ofSeconds(port(value(rest, ++i, arg), arg));
          case "-h", "--help" -> command = "help";
          default -> throw new IllegalArgumentException("Unknown option: " + arg);
        }
      }
      return new Options(
          command,
          root,
          fresh,
          infraOnly,
          only,
          postgresPort,
          kafkaPort,
          kafkaControllerPort,
          timeout);
    }

    private static List<Service> services(String list) {
      List<Service> services = new ArrayList<>();
      for (String name : list.split(",")) {
        String module =
            name.strip().endsWith("-service") ? name.strip() : name.strip() + "-service";
        services.add(
            Arrays.stream(Service.values())
                .filter(service -> service.module().equals(module))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown service: " + name)));
      }
      return services;
    }

    private static String value(List<String> args, int index, String option) {
      if (index >= args.size()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args.get(index);
    }

    private static int port(String value, String option) {
      try {
        int number = Integer.parseInt(value);
        if (number < 1 || number > 65535) {
          throw new NumberFormatException();
        }
        return number;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a number from 1 to 65535: " + value);
      }
    }
  }
}
