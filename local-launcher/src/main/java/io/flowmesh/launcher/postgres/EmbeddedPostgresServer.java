package io.flowmesh.launcher.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 17 (zonky's binaries) on a fixed loopback port with its data in a directory
 * that survives restarts, and durable: zonky starts the server with {@code -F} (fsync off) and
 * {@code synchronous_commit=off}; here {@code -c fsync=on -c synchronous_commit=on} come after
 * {@code -F} on the command line, and the later setting wins. {@link #start} checks that they did.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String USERNAME = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final int port;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, int port) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /**
   * Starts the server on {@code dataDirectory} (created by initdb on first use), after stopping a
   * server a crashed launcher left running there, and creates {@code database} if missing.
   */
  public static EmbeddedPostgresServer start(
      Path dataDirectory, Path binariesDirectory, int port, String database, Path log)
      throws IOException {
    Path data = dataDirectory.toAbsolutePath().normalize();
    StalePostmaster.cleanUp(data, Duration.ofSeconds(15));
    removeUnfinishedInitdb(data);
    removeUnfinishedUnpacking(binariesDirectory);
    Files.createDirectories(log.getParent());
    ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60)) // crash recovery replays WAL first
            .setOverrideWorkingDirectory(binariesDirectory.toFile())
            .setLocaleConfig("locale", "C")
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            // TCP only: no socket lock file in /tmp that a crash could leave behind
            .setServerConfig("unix_socket_directories", "''")
            .setOutputRedirector(toLog)
            .setErrorRedirector(toLog)
            .start();
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, data, port);
    try {
      server.verifyDurable();
      server.createDatabaseIfMissing(database);
    } catch (SQLException | RuntimeException e) {
      server.close();
      throw new IOException("PostgreSQL started but is not usable: " + e.getMessage(), e);
    }
    return server;
  }

  /**
   * Stops a server still running on {@code dataDirectory} that no launcher owns any more (its
   * launcher crashed), and removes a stale {@code postmaster.pid}.
   *
   * @return the pid of the server that was stopped, if one was running
   */
  public static Optional<Long> stopLeftoverServer(Path dataDirectory) {
    return StalePostmaster.cleanUp(
        dataDirectory.toAbsolutePath().normalize(), Duration.ofSeconds(15));
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public PostgresConnection connection(String database) {
    return new PostgresConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, USERNAME, PASSWORD);
  }

  /** A server setting as the running server reports it ({@code SHOW name}). */
  public String setting(String name) throws SQLException {
    try (Connection connection = open("postgres");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW " + name)) {
      result.next();
      return result.getString(1);
    }
  }

  /** Fast shutdown (the data stays). */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop PostgreSQL", e);
    }
  }

  private void verifyDurable() throws SQLException {
    for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
      String value = setting(setting);
      if (!"on".equals(value)) {
        throw new IllegalStateException(setting + " is " + value + ", expected on");
      }
    }
  }

  private void createDatabaseIfMissing(String database) throws SQLException {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Not a plain database name: " + database);
    }
    try (Connection connection = open("postgres");
        Statement statement = connection.createStatement()) {
      try (ResultSet exists =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        if (exists.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + database);
    }
  }

  private Connection open(String database) throws SQLException {
    PostgresConnection connection = connection(database);
    return DriverManager.getConnection(
        connection.jdbcUrl(), connection.username(), connection.password());
  }

  /**
   * zonky unpacks into {@code PG-<hash>/} and marks completion with {@code .exists}; it cannot
   * unpack over what an interrupted unpacking left (existing symbolic links), so that goes first.
   * The directory is this workspace's own, and the workspace lock keeps other launchers out.
   */
  private static void removeUnfinishedUnpacking(Path binariesDirectory) throws IOException {
    Files.createDirectories(binariesDirectory);
    try (Stream<Path> children = Files.list(binariesDirectory)) {
      for (Path child : children.toList()) {
        if (child.getFileName().toString().startsWith("PG-")
            && Files.isDirectory(child)
            && !Files.exists(child.resolve(".exists"))) {
          deleteTree(child);
        }
      }
    }
  }

  /**
   * initdb refuses a non-empty directory; one without {@code postgresql.conf} is what an initdb
   * interrupted on the very first start leaves, and holds no data yet.
   */
  private static void removeUnfinishedInitdb(Path data) throws IOException {
    if (!Files.isDirectory(data) || Files.exists(data.resolve("postgresql.conf"))) {
      return;
    }
    deleteTree(data);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
