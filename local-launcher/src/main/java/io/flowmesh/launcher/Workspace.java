package io.flowmesh.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project-local directory the launcher owns (by default {@code <repository>/.flowmesh}): {@code
 * data/} survives restarts (PostgreSQL, Kafka, dev API key, gateway token) and is wiped by {@code
 * --fresh}; {@code logs/} holds one log per process; {@code run/} holds what only matters while a
 * launcher runs (lock, pids, endpoints).
 */
public record Workspace(Path root) {

  public Workspace {
    root = root.toAbsolutePath().normalize();
  }

  /** The default workspace of a repository checkout. */
  public static Workspace of(Path repositoryRoot) {
    return new Workspace(repositoryRoot.resolve(".flowmesh"));
  }

  public Path data() {
    return root.resolve("data");
  }

  public Path postgresData() {
    return data().resolve("postgres");
  }

  public Path kafkaData() {
    return data().resolve("kafka");
  }

  /** Where zonky unpacks the PostgreSQL binaries (kept by {@code --fresh}). */
  public Path postgresBinaries() {
    return root.resolve("postgres-binaries");
  }

  /** Unpacked exec jars (kept by {@code --fresh}). */
  public Path unpackedJars() {
    return root.resolve("jars");
  }

  /** Class data sharing archives, one per JVM (kept by {@code --fresh}). */
  public Path classDataArchives() {
    return root.resolve("cds");
  }

  public Path apiKeyFile() {
    return data().resolve("dev-api-key");
  }

  public Path gatewayTokenFile() {
    return data().resolve("gateway-token");
  }

  /** Losing it makes stored connection secrets unreadable, so it lives with the database. */
  public Path integrationsMasterKeyFile() {
    return data().resolve("integrations-master-key");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  public Path log(String processName) {
    return logs().resolve(processName + ".log");
  }

  public Path run() {
    return root.resolve("run");
  }

  /** Every child process the launcher started, so that a later start can clean up after a crash. */
  public Path pidFile() {
    return run().resolve("pids");
  }

  public Path launcherPidFile() {
    return run().resolve("launcher.pid");
  }

  public Path lockFile() {
    return run().resolve("launcher.lock");
  }

  /** Where a running launcher publishes its URLs for {@code ./flowmesh status}. */
  public Path endpointsFile() {
    return run().resolve("endpoints.properties");
  }

  /**
   * A JVM option put on every child's command line. A recorded pid is only ever killed when the
   * live process with that pid carries it, so a recycled pid is never touched.
   */
  public String processMarker() {
    return "-Dflowmesh.workspace=" + root;
  }

  /** Creates the directories. */
  public Workspace create() {
    try {
      Files.createDirectories(data());
      Files.createDirectories(logs());
      Files.createDirectories(run());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + root, e);
    }
  }
}
