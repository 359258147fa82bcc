package io.flowmesh.launcher;

import io.flowmesh.launcher.cds.ClassDataArchive;
import io.flowmesh.launcher.kafka.KafkaNode;
import io.flowmesh.launcher.kafka.KafkaSettings;
import io.flowmesh.launcher.postgres.EmbeddedPostgresServer;
import io.flowmesh.launcher.postgres.PostgresConnection;
import io.flowmesh.launcher.process.ChildProcess;
import io.flowmesh.launcher.process.PidFile;
import io.flowmesh.launcher.process.ProcessStopper;
import io.flowmesh.launcher.process.StaleProcesses;
import io.flowmesh.launcher.services.ExtractedJar;
import io.flowmesh.launcher.services.ReadinessWaiter;
import io.flowmesh.launcher.services.RunningService;
import io.flowmesh.launcher.services.Service;
import io.flowmesh.launcher.services.ServiceEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *     .workspace(root.resolve("e2e-tests/target/platform"))
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

  private final Builder config;
  private final Workspace workspace;
  private final Consumer<String> progress;
  private final Lifecycle lifecycle = new Lifecycle();
  private final List<RunningService> services = new CopyOnWriteArrayList<>();
  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<String, ClassDataArchive> archives = new ConcurrentHashMap<>();

  private volatile PidFile pidFile;
  private volatile PostgresConnection postgres;
  private volatile EmbeddedPostgresServer embeddedPostgres;
  private volatile String kafkaBootstrapServers;
  private volatile KafkaNode kafka;
  private volatile String apiKey;
  private volatile Duration startupTime;

  private Platform(Builder config) {
    this.config = config;
    this.workspace =
        config.workspace != null ? config.workspace : Workspace.of(config.repositoryRoot);
    this.progress = config.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts everything and waits until every service is ready. On failure, whatever was started is
   * stopped again before this throws.
   */
  public Platform start() {
    long begin = System.nanoTime();
    try {
      List<Path> jars = execJars(); // before anything runs: a missing build is the common mistake
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
      startServices(runnable, gatewayToken);
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

  private List<Path> execJars() {
    List<Path> jars = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Service service : config.services) {
      Optional<Path> jar = service.execJar(config.repositoryRoot);
      jar.ifPresentOrElse(jars::add, () -> missing.add(service.module()));
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "No exec jar for "
              + String.join(", ", missing)
              + " under "
              + config.repositoryRoot
              + "; build first: ./mvnw -B -q install -DskipTests -Dquickly");
    }
    return jars;
  }

  private void prepareWorkspace() {
    workspace.create();
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
    checkPortsFree();
  }

  /**
   * Fails with the list of busy ports rather than letting a service die on one half a minute later.
   * Runs after the leftovers of a crashed launcher are stopped: their ports are free then.
   */
  private void checkPortsFree() {
    Map<Integer, String> wanted = new LinkedHashMap<>();
    if (config.postgres == null) {
      wanted.put(config.postgresPort, "PostgreSQL");
    }
    if (config.kafkaBootstrapServers == null) {
      wanted.put(config.kafkaPort, "Kafka");
      wanted.put(config.kafkaControllerPort, "Kafka controller");
    }
    if (!config.freeServicePorts) {
      config.services.forEach(
          service ->
              wanted.put(
                  config.servicePorts.getOrDefault(service, service.defaultPort()),
                  service.module()));
    }
    List<String> busy = new ArrayList<>();
    wanted.forEach(
        (port, user) -> {
          if (!isFree(port)) {
            busy.add(port + " (" + user + ")");
          }
        });
    if (!busy.isEmpty()) {
      throw new IllegalStateException(
          "Ports in use: "
              + String.join(", ", busy)
              + ". Another program listens there (another Flowmesh? ./flowmesh status);"
              + " stop it or choose other ports (--pg-port, --kafka-port).");
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
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
              workspace.log("kafka"));
      kafka = node;
      pidFile.record("kafka", node.process().pid());
    } finally {
      lifecycle.endStart();
    }
    node.awaitReady(Duration.ofSeconds(120));
    progress.accept(
        String.format(
            Locale.ROOT,
            "Kafka ready on %s (KRaft, data in %s) (%.1f s)",
            settings.bootstrapServers(),
            workspace.root().relativize(settings.logDirectory()),
            seconds(begin)));
    return node.bootstrapServers();
  }

  private void startServices(List<Path> jars, String gatewayToken) {
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
    for (int i = 0; i < config.services.size(); i++) {
      Service service = config.services.get(i);
      List<String> command = new ArrayList<>();
      command.add(config.java);
      command.addAll(withMarker(config.serviceJvmOptions));
      command.addAll(classDataSharing(service.module()));
      command.add("-jar");
      command.add(jars.get(i).toString());
      lifecycle.beginStart();
      try {
        ChildProcess process =
            ChildProcess.start(
                service.module(),
                command,
                environment.forService(service),
                workspace.log(service.module()));
        services.add(new RunningService(service, ports.get(service), process));
        pidFile.record(service.module(), process.pid());
      } finally {
        lifecycle.endStart();
      }
    }
  }

  private void stopPostgres() {
    if (embeddedPostgres != null) {
      embeddedPostgres.close();
    }
  }

  private void stopKafka() {
    if (kafka != null) {
      kafka.stop(writingArchive("kafka") ? ARCHIVE_WRITING_STOP_GRACE : KAFKA_STOP_GRACE);
      keepArchive("kafka", kafka.process());
      pidFile.forget("kafka");
    }
  }

  private void stopServices() {
    boolean writingArchives =
        services.stream().anyMatch(running -> writingArchive(running.service().module()));
    if (writingArchives) {
      progress.accept(
          "the services write their class data sharing archives (first stop only, up to a minute)");
    }
    ProcessStopper.stop(
        services.stream().map(running -> running.process().handle()).toList(),
        writingArchives ? ARCHIVE_WRITING_STOP_GRACE : SERVICE_STOP_GRACE);
    for (RunningService running : services) {
      keepArchive(running.service().module(), running.process());
      pidFile.forget(running.service().module());
    }
  }

  /** Options for a JVM's class data sharing archive (none if switched off). */
  private List<String> classDataSharing(String processName) {
    if (!config.classDataSharing) {
      return List.of();
    }
    ClassDataArchive archive =
        ClassDataArchive.of(workspace.classDataArchives(), processName, config.java);
    archives.put(processName, archive);
    return archive.jvmOptions();
  }

  /** True if the process writes its archive at exit and this run's archive is worth keeping. */
  private boolean writingArchive(String processName) {
    ClassDataArchive archive = archives.get(processName);
    return archive != null && archive.isWriting() && startupTime != null;
  }

  private void keepArchive(String processName, ChildProcess process) {
    ClassDataArchive archive = archives.get(processName);
    if (archive != null) {
      Integer exitCode = process.exitCode();
      archive.afterExit(startupTime != null, exitCode == null ? -1 : exitCode);
    }
  }

  private void watchForUnexpectedExits() {
    List<ChildProcess> children = new ArrayList<>();
    services.forEach(running -> children.add(running.process()));
    if (kafka != null) {
      children.add(kafka.process());
    }
    for (ChildProcess child : children) {
      child
          .handle()
          .onExit()
          .thenRun(
              () -> {
                if (!lifecycle.isClosed()) {
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
    return jarsOnly ? classDataSharing("kafka") : List.of();
  }

  /**
   * Exec jars unpacked (faster class loading than nested jars, and the precondition for class data
   * sharing), two at a time (mostly I/O); an exec jar stays as it is if that fails.
   */
  private List<Path> unpack(List<Path> execJars) {
    long begin = System.nanoTime();
    AtomicBoolean unpackedAny = new AtomicBoolean();
    List<Path> runnable;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < execJars.size(); i++) {
        Path execJar = execJars.get(i);
        String module = config.services.get(i).module();
        results.add(
            pool.submit(
                () -> {
                  Path directory = workspace.unpackedJars().resolve(module);
                  ExtractedJar.Prepared prepared =
                      ExtractedJar.prepare(config.java, execJar, directory);
                  if (prepared.failed()) {
                    progress.accept(
                        "could not unpack " + execJar + " (see " + directory + "/extract.log)");
                  }
                  if (prepared.unpacked()) {
                    unpackedAny.set(true);
                    // made from the old jar: its classes no longer match
                    ClassDataArchive.invalidate(workspace.classDataArchives(), module);
                  }
                  return prepared.jar();
                }));
      }
      runnable = new ArrayList<>();
      for (Future<Path> result : results) {
        runnable.add(result.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return execJars;
    } catch (ExecutionException e) {
      return execJars;
    }
    if (unpackedAny.get()) {
      progress.accept(
          String.format(
              Locale.ROOT,
              "unpacked new exec jars (%.1f s; again only after a build)",
              seconds(begin)));
    }
    return runnable;
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

  /**
   * Settings of a {@link Platform}; every one has a default that matches {@code ./flowmesh run}.
   */
  public static final class Builder {

    private Path repositoryRoot = Path.of("").toAbsolutePath();
    private Workspace workspace;
    private PostgresConnection postgres;
    private int postgresPort = 15432;
    private String kafkaBootstrapServers;
    private int kafkaPort = 19092;
    private int kafkaControllerPort = 19093;
    private List<Service> services = List.of(Service.values());
    private final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
    private boolean freeServicePorts;
    private String apiKey;
    private String tenant = "dev";
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private List<String> serviceJvmOptions = JvmOptions.SERVICE;
    private List<String> kafkaJvmOptions = JvmOptions.KAFKA;
    private String kafkaClasspath;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration readinessTimeout = Duration.ofSeconds(180);
    private boolean fresh;
    private boolean classDataSharing = true;
    private Consumer<String> progress = message -> {};

    private Builder() {}

    /** The checkout whose {@code <module>/target/*-exec.jar} are run. Default: the working dir. */
    public Builder repositoryRoot(Path repositoryRoot) {
      this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
      return this;
    }

    /** Where data, logs and pid files go. Default: {@code <repositoryRoot>/.flowmesh}. */
    public Builder workspace(Path directory) {
      this.workspace = new Workspace(directory);
      return this;
    }

    /** Run PostgreSQL here, on this port (default 15432), data in the workspace. */
    public Builder embeddedPostgres(int port) {
      this.postgres = null;
      this.postgresPort = port;
      return this;
    }

    /** Use this database instead of starting PostgreSQL. */
    public Builder externalPostgres(String jdbcUrl, String username, String password) {
      this.postgres = new PostgresConnection(jdbcUrl, username, password);
      return this;
    }

    /** Run Kafka here on these ports (default 19092, controller 19093), data in the workspace. */
    public Builder embeddedKafka(int port, int controllerPort) {
      this.kafkaBootstrapServers = null;
      this.kafkaPort = port;
      this.kafkaControllerPort = controllerPort;
      return this;
    }

    /** Use this broker instead of starting Kafka. */
    public Builder externalKafka(String bootstrapServers) {
      this.kafkaBootstrapServers = Objects.requireNonNull(bootstrapServers);
      return this;
    }

    /**
     * Which services to run (default all six, gateway first); none for PostgreSQL and Kafka only.
     */
    public Builder services(Collection<Service> services) {
      this.services = services.stream().distinct().sorted().toList();
      return this;
    }

    /** A port other than the service's default. */
    public Builder servicePort(Service service, int port) {
      this.servicePorts.put(service, port);
      return this;
    }

    /**
     * Free ports picked at start instead of 8080-8085, so a running dev platform is no obstacle.
     */
    public Builder freeServicePorts() {
      this.freeServicePorts = true;
      return this;
    }

    /** A fixed API key instead of the one stored in the workspace. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The tenant the API key maps to (default {@code dev}). */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /** The {@code java} for the children (default: the one running this code). */
    public Builder java(String executable) {
      this.java = executable;
      return this;
    }

    /** Replaces {@link JvmOptions#SERVICE}. */
    public Builder serviceJvmOptions(List<String> options) {
      this.serviceJvmOptions = List.copyOf(options);
      return this;
    }

    /** Replaces {@link JvmOptions#KAFKA}. */
    public Builder kafkaJvmOptions(List<String> options) {
      this.kafkaJvmOptions = List.copyOf(options);
      return this;
    }

    /** Classpath of the Kafka child (default: this JVM's, which holds {@code kafka_2.13}). */
    public Builder kafkaClasspath(String classpath) {
      this.kafkaClasspath = classpath;
      return this;
    }

    /** One more environment variable for every service (applied last: overrides the defaults). */
    public Builder environment(String name, String value) {
      this.environment.put(name, value);
      return this;
    }

    /** How long services may take to become ready (default 180 s). */
    public Builder readinessTimeout(Duration timeout) {
      this.readinessTimeout = timeout;
      return this;
    }

    /** Delete the workspace's data before starting. */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /**
     * Give every JVM a dynamic class data sharing archive in the workspace (default on): the first
     * start writes the archives when the JVMs exit (which makes that stop slower), later starts are
     * about twice as fast on two cores. The exec jars are unpacked either way (also faster than
     * nested jars).
     */
    public Builder classDataSharing(boolean enabled) {
      this.classDataSharing = enabled;
      return this;
    }

    /** Where progress lines go (default: nowhere). */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress);
      return this;
    }

    /** A platform not started yet: lets a caller install a shutdown hook before {@code start}. */
    public Platform build() {
      return new Platform(this);
    }

    /** Builds and starts. */
    public Platform start() {
      return build().start();
    }
  }
}
