package io.flowmesh.launcher;

import io.flowmesh.launcher.postgres.PostgresConnection;
import io.flowmesh.launcher.services.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Settings of a {@link Platform}; every one has a default that matches {@code ./flowmesh run}. */
public final class PlatformBuilder {

  Path repositoryRoot = Path.of("").toAbsolutePath();
  Workspace workspace;
  boolean temporaryWorkspace;
  PostgresConnection postgres;
  int postgresPort = 15432;
  String kafkaBootstrapServers;
  int kafkaPort = 19092;
  int kafkaControllerPort = 19093;
  List<Service> services = List.of(Service.values());
  final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
  boolean freeServicePorts;
  String apiKey;
  String tenant = "dev";
  String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  List<String> serviceJvmOptions = JvmOptions.SERVICE;
  List<String> kafkaJvmOptions = JvmOptions.KAFKA;
  String kafkaClasspath;
  final Map<String, String> environment = new LinkedHashMap<>();
  Duration readinessTimeout = Duration.ofSeconds(180);
  boolean fresh;
  boolean classDataSharing = true;
  Consumer<String> progress = message -> {};

  PlatformBuilder() {}

  /** The checkout whose {@code <module>/target/*-exec.jar} are run. Default: the working dir. */
  public PlatformBuilder repositoryRoot(Path repositoryRoot) {
    this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
    return this;
  }

  /** Where data, logs and pid files go. Default: {@code <repositoryRoot>/.flowmesh}. */
  public PlatformBuilder workspace(Path directory) {
    this.workspace = new Workspace(directory);
    this.temporaryWorkspace = false;
    return this;
  }

  /**
   * A new workspace in the system's temporary directory, for tests and benchmarks. Closing the
   * platform deletes all of it but {@code logs/}: its unpacked jars, class data archives and data
   * take about 1 GB per start, and a suite that starts the platform many times would otherwise fill
   * the disk; the logs are small and are what a failure is read from.
   */
  public PlatformBuilder temporaryWorkspace(String prefix) {
    try {
      this.workspace = new Workspace(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary workspace", e);
    }
    this.temporaryWorkspace = true;
    return this;
  }

  /** Run PostgreSQL here, on this port (default 15432), data in the workspace. */
  public PlatformBuilder embeddedPostgres(int port) {
    this.postgres = null;
    this.postgresPort = port;
    return this;
  }

  /** Use this database instead of starting PostgreSQL. */
  public PlatformBuilder externalPostgres(String jdbcUrl, String username, String password) {
    this.postgres = new PostgresConnection(jdbcUrl, username, password);
    return this;
  }

  /** Run Kafka here on these ports (default 19092, controller 19093), data in the workspace. */
  public PlatformBuilder embeddedKafka(int port, int controllerPort) {
    this.kafkaBootstrapServers = null;
    this.kafkaPort = port;
    this.kafkaControllerPort = controllerPort;
    return this;
  }

  /** Use this broker instead of starting Kafka. */
  public PlatformBuilder externalKafka(String bootstrapServers) {
    this.kafkaBootstrapServers = Objects.requireNonNull(bootstrapServers);
    return this;
  }

  /** Which services to run (default all six, gateway first); none for PostgreSQL and Kafka only. */
  public PlatformBuilder services(Collection<Service> services) {
    this.services = services.stream().distinct().sorted().toList();
    return this;
  }

  /** A port other than the service's default. */
  public PlatformBuilder servicePort(Service service, int port) {
    this.servicePorts.put(service, port);
    return this;
  }

  /** Free ports picked at start instead of 8080-8085, so a running dev platform is no obstacle. */
  public PlatformBuilder freeServicePorts() {
    this.freeServicePorts = true;
    return this;
  }

  /** A fixed API key instead of the one stored in the workspace. */
  public PlatformBuilder apiKey(String apiKey) {
    this.apiKey = apiKey;
    return this;
  }

  /** The tenant the API key maps to (default {@code dev}). */
  public PlatformBuilder tenant(String tenant) {
    this.tenant = tenant;
    return this;
  }

  /** The {@code java} for the children (default: the one running this code). */
  public PlatformBuilder java(String executable) {
    this.java = executable;
    return this;
  }

  /** Replaces {@link JvmOptions#SERVICE}. */
  public PlatformBuilder serviceJvmOptions(List<String> options) {
    this.serviceJvmOptions = List.copyOf(options);
    return this;
  }

  /** Replaces {@link JvmOptions#KAFKA}. */
  public PlatformBuilder kafkaJvmOptions(List<String> options) {
    this.kafkaJvmOptions = List.copyOf(options);
    return this;
  }

  /** Classpath of the Kafka child (default: this JVM's, which holds {@code kafka_2.13}). */
  public PlatformBuilder kafkaClasspath(String classpath) {
    this.kafkaClasspath = classpath;
    return this;
  }

  /** One more environment variable for every service (applied last: overrides the defaults). */
  public PlatformBuilder environment(String name, String value) {
    this.environment.put(name, value);
    return this;
  }

  /** How long services may take to become ready (default 180 s). */
  public PlatformBuilder readinessTimeout(Duration timeout) {
    this.readinessTimeout = timeout;
    return this;
  }

  /** Delete the workspace's data before starting. */
  public PlatformBuilder fresh(boolean fresh) {
    this.fresh = fresh;
    return this;
  }

  /**
   * Give every JVM a dynamic class data sharing archive in the workspace (default on): the first
   * start writes the archives when the JVMs exit (which makes that stop slower), later starts are
   * about twice as fast on two cores. The exec jars are unpacked either way (also faster than
   * nested jars).
   */
  public PlatformBuilder classDataSharing(boolean enabled) {
    this.classDataSharing = enabled;
    return this;
  }

  /** Where progress lines go (default: nowhere). */
  public PlatformBuilder progress(Consumer<String> progress) {
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
