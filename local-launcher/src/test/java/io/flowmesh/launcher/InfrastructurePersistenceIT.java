package io.flowmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flowmesh.launcher.postgres.PostgresConnection;
import io.flowmesh.launcher.process.PidFile;
import io.flowmesh.launcher.process.ProcessInspector;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's PostgreSQL and Kafka keep what was committed: across a clean restart, across a
 * kill -9 of the launcher (whose leftovers the next start stops), and across a crash of the
 * database and the broker themselves.
 */
class InfrastructurePersistenceIT {

  private static final String TOPIC = "launcher-it";

  @TempDir Path root;

  private final int postgresPort = freePort();
  private final int kafkaPort = freePort();
  private final int controllerPort = freePort();

  @AfterEach
  void noProcessOfThisWorkspaceOutlivesTheTest() {
    List<ProcessHandle> leftovers = processesOf(Workspace.of(root));
    leftovers.forEach(ProcessHandle::destroyForcibly);
    assertThat(leftovers).as("processes left running").isEmpty();
  }

  @Test
  void dataSurvivesACleanRestartAndAKillOfTheLauncher() throws Exception {
    Workspace workspace = Workspace.of(root);

    // 1. started here: durable settings, a row and a record, a clean stop
    try (Platform first = infrastructure().start()) {
      PostgresConnection db = first.postgres();
      assertThat(query(db, "SHOW fsync")).containsExactly("on");
      assertThat(query(db, "SHOW synchronous_commit")).containsExactly("on");
      execute(db, "CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)");
      execute(db, "INSERT INTO notes VALUES (1, 'before restart')");
      produce(first.kafkaBootstrapServers(), "before restart");
    }

    // 2. the real launcher, as ./flowmesh runs it: finds the data, adds more, then is killed -9
    Path output = root.resolve("launcher.out");
    Process launcher = startLauncher(output);
    awaitFile(workspace.endpointsFile(), launcher, output);
    PostgresConnection db =
        new PostgresConnection(
            "jdbc:postgresql://127.0.0.1:" + postgresPort + "/flowmesh", "postgres", "postgres");
    String bootstrap = "127.0.0.1:" + kafkaPort;
    assertThat(query(db, "SELECT text FROM notes ORDER BY id")).containsExactly("before restart");
    assertThat(consumeAll(bootstrap, 1)).containsExactly("before restart");
    execute(db, "INSERT INTO notes VALUES (2, 'before crash')");
    produce(bootstrap, "before crash");
    long kafkaPid = pidOf(workspace, "kafka");
    long postmasterPid = postmasterPid(workspace);

    launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    // what a crashed launcher leaves: the broker and PostgreSQL keep running without an owner
    assertThat(ProcessHandle.of(kafkaPid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(workspace.pidFile()).exists();
    // and the broker itself dies uncleanly too: its log needs recovery on the next start
    ProcessHandle kafka = ProcessHandle.of(kafkaPid).orElseThrow();
    kafka.destroyForcibly();
    kafka.onExit().get(10, TimeUnit.SECONDS);

    // 3. the next start stops the leftover PostgreSQL and recovers both
    List<String> progress = new ArrayList<>();
    try (Platform third = infrastructure().progress(progress::add).start()) {
      assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
      assertThat(progress)
          .anyMatch(line -> line.contains("PostgreSQL server (pid " + postmasterPid + ")"));
      assertThat(query(third.postgres(), "SELECT text FROM notes ORDER BY id"))
          .containsExactly("before restart", "before crash");
      assertThat(consumeAll(third.kafkaBootstrapServers(), 2))
          .containsExactlyInAnyOrder("before restart", "before crash");
    }
    assertThat(workspace.pidFile()).doesNotExist();
  }

  @Test
  void committedRowsSurviveAKilledPostgresWhosePidWasGivenToAnotherProcess() throws Exception {
    Workspace workspace = Workspace.of(root);
    try (Platform first = databaseOnly().start()) {
      execute(first.postgres(), "CREATE TABLE runs (id int PRIMARY KEY)");
      execute(first.postgres(), "INSERT INTO runs VALUES (42)");
      // power cut: no shutdown checkpoint, nothing flushed that fsync did not flush at commit
      ProcessHandle postmaster = ProcessHandle.of(postmasterPid(workspace)).orElseThrow();
      List<ProcessHandle> backends = postmaster.descendants().toList();
      postmaster.destroyForcibly();
      postmaster.onExit().get(10, TimeUnit.SECONDS);
      backends.forEach(ProcessHandle::destroyForcibly);
    }
    // its pid now belongs to someone else: PostgreSQL alone would refuse to start
    Process stranger = new ProcessBuilder("sleep", "60").start();
    try {
      Path pidFile = workspace.postgresData().resolve("postmaster.pid");
      List<String> lines = new ArrayList<>(Files.readAllLines(pidFile));
      lines.set(0, Long.toString(stranger.pid()));
      Files.write(pidFile, lines);

      try (Platform second = databaseOnly().start()) {
        assertThat(query(second.postgres(), "SELECT id FROM runs")).containsExactly("42");
        assertThat(stranger.isAlive()).isTrue();
      }
    } finally {
      stranger.destroyForcibly();
    }
  }

  @Test
  void aBrokerAndADatabaseKilledAndRestartedUnderARunningPlatformKeepWhatTheyAcknowledged()
      throws Exception {
    try (Platform platform = infrastructure().start()) {
      PostgresConnection db = platform.postgres();
      execute(db, "CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)");
      execute(db, "INSERT INTO notes VALUES (1, 'before the kill')");
      produce(platform.kafkaBootstrapServers(), "before the kill");
      ProcessHandle kafka = ProcessHandle.of(platform.pids().get("kafka")).orElseThrow();
      ProcessHandle postmaster = ProcessHandle.of(platform.pids().get("postgres")).orElseThrow();

      platform.killKafka();
      platform.killPostgres();

      assertThat(kafka.isAlive()).isFalse();
      assertThat(postmaster.isAlive()).isFalse();
      assertThatThrownBy(() -> query(db, "SELECT 1")).isInstanceOf(SQLException.class);

      platform.restartPostgres();
      platform.restartKafka();

      assertThat(platform.pids().get("kafka")).isNotEqualTo(kafka.pid());
      assertThat(platform.pids().get("postgres")).isNotEqualTo(postmaster.pid());
      assertThat(query(platform.postgres(), "SELECT text FROM notes"))
          .containsExactly("before the kill");
      assertThat(consumeAll(platform.kafkaBootstrapServers(), 1))
          .containsExactly("before the kill");
      assertThat(Files.readString(platform.workspace().log("kafka")))
          .as("the killed broker's log is kept: only a first start finds its metadata log empty")
          .contains("The metadata log appears to be empty");
    }
  }

  private PlatformBuilder infrastructure() {
    return Platform.builder()
        .repositoryRoot(root)
        .services(List.of())
        .embeddedPostgres(postgresPort)
        .embeddedKafka(kafkaPort, controllerPort);
  }

  private PlatformBuilder databaseOnly() {
    return Platform.builder()
        .repositoryRoot(root)
        .services(List.of())
        .embeddedPostgres(postgresPort)
        .externalKafka("127.0.0.1:" + kafkaPort);
  }

  private Process startLauncher(Path output) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx192m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--infra-only",
            "--root",
            root.toString(),
            "--pg-port",
            Integer.toString(postgresPort),
            "--kafka-port",
            Integer.toString(kafkaPort),
            "--kafka-controller-port",
            Integer.toString(controllerPort))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static void awaitFile(Path file, Process launcher, Path output) {
    await("launcher ready")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(launcher.isAlive()) // fails the wait at once, with what it printed
                  .as("launcher exited early:\n%s", Files.readString(output))
                  .isTrue();
              return Files.exists(file);
            });
  }

  private static long pidOf(Workspace workspace, String name) {
    return new PidFile(workspace.pidFile())
        .read().stream().filter(entry -> entry.name().equals(name)).findFirst().orElseThrow().pid();
  }

  private static long postmasterPid(Workspace workspace) throws IOException {
    return Long.parseLong(
        Files.readAllLines(workspace.postgresData().resolve("postmaster.pid")).get(0).strip());
  }

  private static List<ProcessHandle> processesOf(Workspace workspace) {
    String marker = workspace.processMarker();
    String dataOption = "-D " + workspace.postgresData();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(
              process ->
                  ProcessInspector.commandLine(process.pid())
                      .map(line -> line.contains(marker) || line.contains(dataOption))
                      .orElse(false))
          .toList();
    }
  }

  private static void execute(PostgresConnection db, String sql) throws SQLException {
    try (Connection connection = open(db);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> query(PostgresConnection db, String sql) throws SQLException {
    try (Connection connection = open(db);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (result.next()) {
        values.add(result.getString(1));
      }
      return values;
    }
  }

  private static Connection open(PostgresConnection db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }

  private static void produce(String bootstrap, String value) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(60, TimeUnit.SECONDS);
    }
  }

  private static List<String> consumeAll(String bootstrap, int expected) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(TOPIC, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<String> values = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread() // a KafkaConsumer is used by one thread only
          .pollInterval(Duration.ofMillis(10)) // poll() itself waits for records
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(500))) {
                  values.add(record.value());
                }
                assertThat(values).hasSizeGreaterThanOrEqualTo(expected);
              });
      return values;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
