package io.flowmesh.launcher.kafka;

import io.flowmesh.launcher.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker ({@code kafka.Kafka}, KRaft, broker and controller in one) run as a child JVM. A
 * child rather than a server inside the launcher: its memory shows up as its own process, and after
 * a crash of the launcher it is one pid to find and stop.
 */
public final class KafkaNode implements AutoCloseable {

  private final KafkaSettings settings;
  private final ChildProcess process;

  private KafkaNode(KafkaSettings settings, ChildProcess process) {
    this.settings = settings;
    this.process = process;
  }

  /**
   * Formats the log directory if it has never been formatted, then starts the broker; returns
   * without waiting for it (see {@link #awaitReady}).
   *
   * @param java the {@code java} executable
   * @param classpath classpath holding {@code kafka_2.13} and its dependencies
   * @param jvmOptions options before the main class (heap, GC, the workspace marker)
   * @param brokerOnlyOptions more options for the broker but not the one-off storage tool (e.g. a
   *     class data sharing archive, which only a long-running process should write)
   * @param configFile where to write {@code server.properties}
   * @param log the broker's stdout and stderr
   * @param appendToLog keep what the log holds (a start after a crash), else truncate it
   */
  public static KafkaNode launch(
      KafkaSettings settings,
      String java,
      String classpath,
      List<String> jvmOptions,
      List<String> brokerOnlyOptions,
      Path configFile,
      Path log,
      boolean appendToLog) {
    try {
      Files.createDirectories(configFile.getParent());
      Files.writeString(configFile, settings.serverProperties());
      if (!isFormatted(settings.logDirectory())) {
        format(settings, java, classpath, jvmOptions, configFile, log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare Kafka in " + settings.logDirectory(), e);
    }
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(brokerOnlyOptions);
    command.addAll(List.of("-cp", classpath, "kafka.Kafka", configFile.toString()));
    return new KafkaNode(
        settings, ChildProcess.start("kafka", command, Map.of(), log, appendToLog));
  }

  public ChildProcess process() {
    return process;
  }

  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** Waits until the port accepts and an admin client sees the node in the cluster. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!portOpen(settings.port())) {
      failIfExited();
      failIfPast(deadline, "its port " + settings.port() + " to accept connections");
      sleep(100);
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
      while (true) {
        failIfExited();
        try {
          if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        } catch (Exception e) {
          // not ready yet
        }
        failIfPast(deadline, "the cluster to answer");
        sleep(200);
      }
    }
  }

  /** Controlled shutdown (SIGTERM), SIGKILL after {@code grace}. */
  public void stop(Duration grace) {
    process.stop(grace);
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }

  static boolean isFormatted(Path logDirectory) {
    return Files.isRegularFile(logDirectory.resolve("meta.properties"));
  }

  private static void format(
      KafkaSettings settings,
      String java,
      String classpath,
      List<String> jvmOptions,
      Path configFile,
      Path log)
      throws IOException {
    Path logDirectory = settings.logDirectory();
    deleteTree(logDirectory); // what an interrupted format left: there is no data without a format
    Files.createDirectories(logDirectory);
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            classpath,
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            configFile.toString()));
    ChildProcess tool =
        ChildProcess.start(
            "kafka-format", command, Map.of(), log.resolveSibling("kafka-format.log"));
    try {
      if (!tool.handle().onExit().get(120, TimeUnit.SECONDS).isAlive()
          && tool.exitCode() != null
          && tool.exitCode() == 0
          && isFormatted(logDirectory)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // reported below
    }
    tool.stop(Duration.ofSeconds(1));
    throw new IllegalStateException(
        "Formatting Kafka storage failed (" + tool.log() + "):\n" + tool.logTail(20));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private void failIfExited() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "Kafka exited with code "
              + process.exitCode()
              + " ("
              + process.log()
              + "):\n"
              + process.logTail(30));
    }
  }

  private void failIfPast(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "Gave up waiting for Kafka: " + what + " (" + process.log() + ")");
    }
  }

  private static boolean portOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }
}
