package io.flowmesh.testinfra;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service started in a JVM of its own from the test's class path, on a free loopback port,
 * against the test JVM's PostgreSQL (the given database) and Kafka: for tests that kill a process
 * with SIGKILL and start another. {@link #start} returns once the service's readiness answers 200;
 * its output goes to a log file under {@code target/}.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int port;

  private ServiceProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the service and waits, at most three minutes, until it is ready.
   *
   * @param mainClass the service's Spring Boot application class
   * @param database the JDBC URL of its database ({@link TestInfrastructure#newDatabase})
   * @param logName the log file's name under {@code target/}, without extension
   * @param arguments further {@code --property=value} arguments
   * @throws AssertionError if the process exits before it is ready
   */
  public static ServiceProcess start(
      Class<?> mainClass, String database, String logName, List<String> arguments)
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    // C1 only and a small heap: these processes are started and killed, not measured
    command.addAll(
        List.of(
            java,
            "-Xmx384m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass.getName(),
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--spring.datasource.url=" + database,
            "--spring.datasource.username=" + TestInfrastructure.postgres().username(),
            "--spring.datasource.password=" + TestInfrastructure.postgres().password(),
            "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
            "--management.tracing.export.enabled=false",
            "--management.otlp.metrics.export.enabled=false"));
    command.addAll(arguments);
    File log = Path.of("target", logName + ".log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    ServiceProcess service = new ServiceProcess(process, port);
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new AssertionError(mainClass.getSimpleName() + " exited; see " + log);
                }
                return service.readiness() == 200;
              });
    } catch (RuntimeException | Error e) {
      process.destroyForcibly();
      throw e;
    }
    return service;
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private int readiness() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
