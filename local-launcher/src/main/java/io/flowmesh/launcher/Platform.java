package io.flowmesh.launcher;

import io.flowmesh.launcher.cds.ClassDataArchives;
import io.flowmesh.launcher.kafka.KafkaNode;
import io.flowmesh.launcher.kafka.KafkaSettings;
import io.flowmesh.launcher.postgres.EmbeddedPostgresServer;
import io.flowmesh.launcher.postgres.PostgresConnection;
import io.flowmesh.launcher.process.ChildProcess;
import io.flowmesh.launcher.process.PidFile;
import io.flowmesh.launcher.process.ProcessStopper;
import io.flowmesh.launcher.process.StaleProcesses;
import io.flowmesh.launcher.services.ExecJars;
import io.flowmesh.launcher.services.ReadinessWaiter;
import io.flowmesh.launcher.services.RunningService;
import io.flowmesh.launcher.services.Service;
import io.flowmesh.launcher.services.ServiceEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The whole platform on one machine: PostgreSQL, Kafka and the services, each either started here
 * or given from outside, started together and stopped together.
 *
 * <pre>{@code
 * try (Platform platform = Platform.builder()
 *     .repositoryRoot(root)
 *     .workspace(root.resolve(".flowmesh/e2e")) // own data, logs, pids; survives mvn clean
 *     .externalPostgres(jdbcUrl, "postgres", "postgres")
 *     .externalKafka(bootstrapServers)
 *     .freeServicePorts()
 *     .start()) {
 *   String gateway = platform.gatewayUrl();
 *   String key = platform.apiKey();
 * }
 * }</pre>
 *
 * <p>Services run from {@code <module>/target/<module>-*-exec.jar} under the repository root, as
 * child JVMs, with their output in {@code <workspace>/logs/<module>.log}. Every child's pid is
 * recorded, and a start after a crash of the previous owner of the workspace stops what it left
 * running before anything else.
 */
public final class Platform implements AutoCloseable {

  /** The database the services share. */
  public static final String DATABASE = "flowmesh";

  private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(10);

  /**
   * Writing a class data sharing archive at exit takes a JVM seconds more: 24 s for six at once on
   * two busy cores. Killed before it is done, a JVM leaves no archive (and the next start writes).
   */
  private static final Duration ARCHIVE_WRITING_STOP_GRACE = Duration.ofSeconds(60);

  private static final Duration KAFKA_STOP_GRACE = Duration.ofSeconds(20);

  private final PlatformBuilder config;
  private final Workspace workspace;
  private final Consumer<String> progress;
  private final Lifecycle lifecycle = new Lifecycle();
  private final ClassDataArchives archives;
  private final List<RunningService> services = new CopyOnWriteArrayList<>();
  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<Service, List<String>> serviceCommands = new EnumMap<>(Service.class);
  private final Set<Long> killedOnPurpose = ConcurrentHashMap.newKeySet();
  // one at a time per part; a service may restart while the broker or the database does
  private final Object servicesLock = new Object();
  private final Object kafkaLock = new Object();
  private final Object postgresLock = new Object();

  private volatile ServiceEnvironment serviceEnvironment;
  private volatile PidFile pidFile;
  private volatile PostgresConnection postgres;
  private volatile EmbeddedPostgresServer embeddedPostgres;
  private volatile String kafkaBootstrapServers;
  private volatile KafkaNode kafka;
  private volatile String apiKey;
  private volatile Duration startupTime;

  Platform(PlatformBuilder config) {
    this.config = config;
    this.workspace =
        config.workspace != null ? config.workspace : Workspace.of(config.repositoryRoot);
    this.progress = config.progress;
    this.archives =
        new ClassDataArchives(workspace.classDataArchives(), config.java, config.classDataSharing);
  }

  public static PlatformBuilder builder() {
    return new PlatformBuilder();
  }

  /**
   * Starts everything and waits until every service is ready. On failure, whatever was started is
   * stopped again before this throws.
   */
  public Platform start() {
    long begin = System.nanoTime();
    try {
      // before anything runs: a missing build is the common mistake
      List<Path> jars = ExecJars.find(config.repositoryRoot, config.services);
      prepareWorkspace();
      CompletableFuture<List<Path>> runnableJars =
          !jars.isEmpty()
              ? async("unpack", () -> unpack(jars))
              : CompletableFuture.completedFuture(jars);
      apiKey =
          config.apiKey != null
              ? config.apiKey
              : Secrets.loadOrCreate(workspace.apiKeyFile(), Secrets::newApiKey);
      String gatewayToken = Secrets.loadOrCreate(workspace.gatewayTokenFile(), Secrets::newToken);
      String integrationsMasterKey =
          Secrets.loadOrCreate(workspace.integrationsMasterKeyFile(), Secrets::newAesKey);

      // closed in reverse: services, then Kafka, then PostgreSQL
      if (config.postgres == null) {
        lifecycle.register("PostgreSQL", this::stopPostgres);
      }
      if (config.kafkaBootstrapServers == null) {
        lifecycle.register("Kafka", this::stopKafka);
      }
      CompletableFuture<PostgresConnection> postgresReady =
          config.postgres != null
              ? CompletableFuture.completedFuture(config.postgres)
              : async("postgres", this::startPostgres);
      CompletableFuture<String> kafkaReady =
          config.kafkaBootstrapServers != null
              ? CompletableFuture.completedFuture(config.kafkaBootstrapServers)
              : async("kafka", this::startKafka);
      postgres = join(postgresReady);
      // the services need the database at once (migrations), the broker only when they are
      // nearly up: starting them while Kafka still starts saves its start time; their readiness
      // covers Kafka, and a broker that fails to start fails the whole start below
      kafkaBootstrapServers =
          config.kafkaBootstrapServers != null
              ? config.kafkaBootstrapServers
              : kafkaSettings().bootstrapServers();
      List<Path> runnable = join(runnableJars);
      long servicesStarted = System.nanoTime();
      startServices(runnable, gatewayToken, integrationsMasterKey);
      join(kafkaReady);
      new ReadinessWaiter()
          .await(services, servicesStarted, config.readinessTimeout, progress, lifecycle::isClosed);
      startupTime = Duration.ofNanos(System.nanoTime() - begin);
      writeEndpoints();
      watchForUnexpectedExits();
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Stops the services, then Kafka, then PostgreSQL (each only if started here). Idempotent. */
  @Override
  public void close() {
    lifecycle.close(Duration.ofSeconds(90), progress);
  }

  public Workspace workspace() {
    return workspace;
  }

  /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String gatewayUrl() {
    return serviceUrl(Service.GATEWAY);
  }

  public String serviceUrl(Service service) {
    return services.stream()
        .filter(running -> running.service() == service)
        .findFirst()
        .map(RunningService::url)
        .orElseThrow(() -> new IllegalStateException(service.module() + " is not running"));
  }

  /** The bootstrap API key ({@code Authorization: Bearer <key>}). */
  public String apiKey() {
    return apiKey;
  }

  /** The tenant the API key maps to. */
  public String tenant() {
    return config.tenant;
  }

  public PostgresConnection postgres() {
    return postgres;
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /** From {@link #start()} until every service was ready. */
  public Duration startupTime() {
    return startupTime;
  }

  public List<RunningService> services() {
    return List.copyOf(services);
  }

  /**
   * The pids of the processes started here, by name (the services, {@code kafka}, and {@code
   * postgres} for the postmaster, whose backends are its children), e.g. to measure memory.
   */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    if (embeddedPostgres != null) {
      postmasterPid().ifPresent(pid -> pids.put("postgres", pid));
    }
    if (kafka != null) {
      pids.put("kafka", kafka.process().pid());
    }
    services.forEach(running -> pids.put(running.service().module(), running.process().pid()));
    return pids;
  }

  private Optional<Long> postmasterPid() {
    try {
      List<String> lines =
          Files.readAllLines(embeddedPostgres.dataDirectory().resolve("postmaster.pid"));
      return Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void prepareWorkspace() {
    workspace.create();
    if (config.temporaryWorkspace) {
      // registered first, so it runs last: after every process is stopped and the lock released
      lifecycle.register(null, () -> deleteAllBut(workspace.root(), workspace.logs()));
    }
    WorkspaceLock lock = WorkspaceLock.acquire(workspace);
    lifecycle.register(null, lock);
    pidFile = new PidFile(workspace.pidFile());
    lifecycle.register(null, () -> pidFile.delete());
    lifecycle.register(null, () -> Files.deleteIfExists(workspace.endpointsFile()));
    List<String> leftovers =
        StaleProcesses.reap(pidFile, workspace.processMarker(), SERVICE_STOP_GRACE);
    if (!leftovers.isEmpty()) {
      progress.accept(
          "stopped what a crashed launcher left running: " + String.join(", ", leftovers));
    }
    if (config.postgres == null || config.fresh) {
      EmbeddedPostgresServer.stopLeftoverServer(workspace.postgresData())
          .ifPresent(
              pid ->
                  progress.accept(
                      "stopped the PostgreSQL server (pid " + pid + ") a crashed launcher left"));
    }
    if (config.fresh) {
      progress.accept("--fresh: deleting " + workspace.data());
      deleteTree(workspace.data());
    }
    try {
      Files.createDirectories(workspace.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PortCheck.requireFree(config);
  }

  private PostgresConnection startPostgres() {
    long begin = System.nanoTime();
    lifecycle.beginStart();
    EmbeddedPostgresServer server;
    try {
      server =
          EmbeddedPostgresServer.start(
              workspace.postgresData(),
              workspace.postgresBinaries(),
              config.postgresPort,
              DATABASE,
              workspace.log("postgres"));
      embeddedPostgres = server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "PostgreSQL did not start; see " + workspace.log("postgres"), e);
    } finally {
      lifecycle.endStart();
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "PostgreSQL ready on 127.0.0.1:%d, database %s, fsync=on, synchronous_commit=on (%.1f s)",
            server.port(),
            DATABASE,
            seconds(begin)));
    return server.connection(DATABASE);
  }

  private String startKafka() {
    return startKafka(false);
  }

  private String startKafka(boolean again) {
    long begin = System.nanoTime();
    KafkaSettings settings = kafkaSettings();
    lifecycle.beginStart();
    KafkaNode node;
    try {
      node =
          KafkaNode.launch(
              settings,
              config.java,
              kafkaClasspath(),
              withMarker(config.kafkaJvmOptions),
              kafkaClassDataSharing(),
              workspace.run().resolve("kafka-server.properties"),
              workspace.log("kafka"),
              again);
      kafka = node;
      pidFile.record("kafka", node.process().pid());
    } finally {
      lifecycle.endStart();
    }
    node.awaitReady(Duration.ofSeconds(120));
    if (again) {
      watch(node.process());
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "Kafka ready on %s (KRaft, data in %s) (%.1f s)",
            settings.bootstrapServers(),
            workspace.root().relativize(settings.logDirectory()),
            seconds(begin)));
    return node.bootstrapServers();
  }

  private void startServices(List<Path> jars, String gatewayToken, String integrationsMasterKey) {
    for (Service service : config.services) {
      ports.put(
          service,
          config.freeServicePorts
              ? freePort()
              : config.servicePorts.getOrDefault(service, service.defaultPort()));
    }
    ServiceEnvironment environment =
        new ServiceEnvironment(
            postgres,
            kafkaBootstrapServers,
            gatewayToken,
            integrationsMasterKey,
            Secrets.sha256Hex(apiKey),
            config.tenant,
            Map.copyOf(ports),
            Map.copyOf(config.environment));
    if (!config.services.isEmpty()) {
      lifecycle.register("services", this::stopServices);
    }
    if (!config.services.isEmpty()) {
      progress.accept(
          "starting " + String.join(", ", config.services.stream().map(Service::module).toList()));
    }
    serviceEnvironment = environment;
    for (int i = 0; i < config.services.size(); i++) {
      Service service = config.services.get(i);
      List<String> command = new ArrayList<>();
      command.add(config.java);
      command.addAll(withMarker(config.serviceJvmOptions));
      command.addAll(archives.jvmOptions(service.module()));
      command.add("-jar");
      command.add(jars.get(i).toString());
      serviceCommands.put(service, List.copyOf(command));
      launch(service, false);
    }
  }

  private RunningService launch(Service service, boolean appendToLog) {
    lifecycle.beginStart();
    try {
      ChildProcess process =
          ChildProcess.start(
              service.module(),
              serviceCommands.get(service),
              serviceEnvironment.forService(service),
              workspace.log(service.module()),
              appendToLog);
      RunningService running = new RunningService(service, ports.get(service), process);
      services.removeIf(old -> old.service() == service);
      services.add(running);
      pidFile.record(service.module(), process.pid());
      return running;
    } finally {
      lifecycle.endStart();
    }
  }

  /**
   * Kills a running service with SIGKILL, as a crash would (no shutdown hook, no drain), and waits
   * until it is gone. It stays down until {@link #restart(Service)}.
   */
  public void kill(Service service) {
    synchronized (servicesLock) {
      ChildProcess process = running(service).process();
      killedOnPurpose.add(process.pid());
      process.kill();
      progress.accept(service.module() + " killed (SIGKILL, pid " + process.pid() + ")");
    }
  }

  /**
   * Starts a service again with the command, port and environment of its first start, its output
   * appended to its log, and waits until it is ready; a service still running is killed first.
   *
   * @throws IllegalStateException if it does not become ready within the readiness timeout
   */
  public void restart(Service service) {
    synchronized (servicesLock) {
      if (running(service).process().isAlive()) {
        kill(service);
      }
      long begin = System.nanoTime();
      RunningService restarted = launch(service, true);
      new ReadinessWaiter()
          .await(
              List.of(restarted),
              begin,
              config.readinessTimeout,
              message -> {},
              lifecycle::isClosed);
      watch(restarted.process());
      progress.accept(
          String.format(
              Locale.ROOT,
              "%s restarted (pid %d) and ready (%.1f s)",
              service.module(),
              restarted.process().pid(),
              seconds(begin)));
    }
  }

  /** Kills the broker started here with SIGKILL; it stays down until {@link #restartKafka()}. */
  public void killKafka() {
    synchronized (kafkaLock) {
      KafkaNode node = requireStartedHere(kafka, "Kafka");
      killedOnPurpose.add(node.process().pid());
      node.process().kill();
      progress.accept("Kafka killed (SIGKILL, pid " + node.process().pid() + ")");
    }
  }

  /**
   * Starts the broker again on its ports and data (a running one is killed first) and waits until
   * it answers; its log recovery after a kill is part of that wait.
   */
  public void restartKafka() {
    synchronized (kafkaLock) {
      KafkaNode node = requireStartedHere(kafka, "Kafka");
      if (node.process().isAlive()) {
        killKafka();
      }
      startKafka(true);
    }
  }

  /**
   * Kills the PostgreSQL server started here as a power cut would: SIGKILL to the postmaster and
   * its backends, no shutdown checkpoint. It stays down until {@link #restartPostgres()}.
   */
  public void killPostgres() {
    synchronized (postgresLock) {
      requireStartedHere(embeddedPostgres, "PostgreSQL");
      ProcessHandle postmaster =
          postmasterPid()
              .flatMap(ProcessHandle::of)
              .orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
      List<ProcessHandle> backends = postmaster.descendants().toList();
      postmaster.destroyForcibly();
      backends.forEach(ProcessHandle::destroyForcibly);
      try {
        postmaster.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            "PostgreSQL (pid " + postmaster.pid() + ") did not exit", e);
      }
      progress.accept("PostgreSQL killed (SIGKILL, pid " + postmaster.pid() + ")");
    }
  }

  /**
   * Starts PostgreSQL again on its port and data directory (crash recovery replays the WAL first)
   * and waits until it accepts connections; a running server is shut down fast first.
   */
  public void restartPostgres() {
    synchronized (postgresLock) {
      // stops a running server; after a kill it only releases the data directory's lock, which the
      // old handle holds in this JVM (zonky logs that it could not stop the dead postmaster)
      requireStartedHere(embeddedPostgres, "PostgreSQL").close();
      startPostgres();
    }
  }

  private RunningService running(Service service) {
    return services.stream()
        .filter(running -> running.service() == service)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(service.module() + " was not started here"));
  }

  private static <T> T requireStartedHere(T part, String name) {
    if (part == null) {
      throw new IllegalStateException(name + " was not started by this platform");
    }
    return part;
  }

  private void stopPostgres() {
    if (embeddedPostgres != null) {
      embeddedPostgres.close();
    }
  }

  private void stopKafka() {
    if (kafka != null) {
      kafka.stop(
          archives.writing("kafka", complete()) ? ARCHIVE_WRITING_STOP_GRACE : KAFKA_STOP_GRACE);
      archives.afterExit("kafka", complete(), kafka.process().exitCode());
      pidFile.forget("kafka");
    }
  }

  private void stopServices() {
    boolean writingArchives =
        services.stream()
            .anyMatch(running -> archives.writing(running.service().module(), complete()));
    if (writingArchives) {
      progress.accept(
          "the services write their class data sharing archives (first stop only, up to a minute)");
    }
    ProcessStopper.stop(
        services.stream().map(running -> running.process().handle()).toList(),
        writingArchives ? ARCHIVE_WRITING_STOP_GRACE : SERVICE_STOP_GRACE);
    for (RunningService running : services) {
      archives.afterExit(running.service().module(), complete(), running.process().exitCode());
      pidFile.forget(running.service().module());
    }
  }

  /** True once every part was ready: only then are the JVMs' class data archives complete. */
  private boolean complete() {
    return startupTime != null;
  }

  private void watchForUnexpectedExits() {
    List<ChildProcess> children = new ArrayList<>();
    services.forEach(running -> children.add(running.process()));
    if (kafka != null) {
      children.add(kafka.process());
    }
    children.forEach(this::watch);
  }

  private void watch(ChildProcess child) {
    child
        .handle()
        .onExit()
        .thenRun(
            () -> {
              if (!lifecycle.isClosed() && !killedOnPurpose.contains(child.pid())) {
                progress.accept(
                    "WARNING: "
                        + child.name()
                        + " exited unexpectedly (code "
                        + child.exitCode()
                        + "); see "
                        + child.log());
              }
            });
  }

  private void writeEndpoints() {
    StringBuilder content = new StringBuilder();
    content.append("pid=").append(ProcessHandle.current().pid()).append('\n');
    services.forEach(
        running ->
            content
                .append("service.")
                .append(running.service().module())
                .append('=')
                .append(running.url())
                .append('\n'));
    content.append("postgres=").append(postgres.jdbcUrl()).append('\n');
    content.append("kafka=").append(kafkaBootstrapServers).append('\n');
    try {
      Files.writeString(workspace.endpointsFile(), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String kafkaClasspath() {
    // this JVM's own classpath holds kafka_2.13 (a runtime dependency of this module): for
    // ./flowmesh the launcher's copy in the workspace, for a test its Maven classpath
    return config.kafkaClasspath != null
        ? config.kafkaClasspath
        : System.getProperty("java.class.path");
  }

  private KafkaSettings kafkaSettings() {
    return new KafkaSettings(workspace.kafkaData(), config.kafkaPort, config.kafkaControllerPort);
  }

  /** An archive can hold classes from jars only: none when run from a test's class folders. */
  private List<String> kafkaClassDataSharing() {
    boolean jarsOnly =
        Arrays.stream(kafkaClasspath().split(File.pathSeparator))
            .allMatch(entry -> entry.endsWith(".jar") || entry.endsWith("*"));
    return jarsOnly ? archives.jvmOptions("kafka") : List.of();
  }

  private List<Path> unpack(List<Path> execJars) {
    try {
      lifecycle.beginStart(); // a stop waits for the unpacking JVMs rather than orphan them
    } catch (IllegalStateException stopping) {
      return execJars;
    }
    try {
      return ExecJars.unpack(
          config.java,
          config.services,
          execJars,
          workspace.unpackedJars(),
          module -> archives.invalidate(module),
          progress);
    } finally {
      lifecycle.endStart();
    }
  }

  private List<String> withMarker(List<String> options) {
    List<String> all = new ArrayList<>();
    all.add(workspace.processMarker());
    all.addAll(options);
    return all;
  }

  private <T> CompletableFuture<T> async(String name, Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("start-" + name)
        .daemon(true)
        .start(
            () -> {
              try {
                result.complete(task.get());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }

  /** Deletes what is in {@code root}, except {@code keep} and what is in it. */
  static void deleteAllBut(Path root, Path keep) throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : children.filter(path -> !path.equals(keep)).toList()) {
        deleteTree(child);
      }
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }

  private static double seconds(long begin) {
    return (System.nanoTime() - begin) / 1e9;
  }
}
