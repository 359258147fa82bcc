package io.flowmesh.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server that commits durably. zonky starts its servers with fsync off and {@code
 * synchronous_commit=off} (fine for tests, meaningless for a benchmark); here both are switched
 * back on, the data directory lives on disk, and the settings are read back from the server so the
 * report shows what was measured.
 */
final class DurablePostgres implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private DurablePostgres(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  static DurablePostgres start() throws IOException {
    Path data = Files.createTempDirectory("flowmesh-bench-pg");
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(true)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "100")
            // the WAL's flush times per second of a phase (Timeline); a clock read per flush
            .setServerConfig("track_wal_io_timing", "on");
    if (Boolean.getBoolean("bench.pg-stat-statements")) {
      // Where PostgreSQL's time goes, per statement (the binaries ship the extension).
      builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
    }
    // Extra server settings for an experiment, e.g. -Dbench.postgres-config=autovacuum=off
    for (String setting : System.getProperty("bench.postgres-config", "").split(",")) {
      if (!setting.isBlank()) {
        String[] nameAndValue = setting.split("=", 2);
        if (nameAndValue.length != 2) {
          throw new IllegalArgumentException(
              "bench.postgres-config: '" + setting + "' is not name=value");
        }
        builder.setServerConfig(nameAndValue[0].strip(), nameAndValue[1].strip());
      }
    }
    EmbeddedPostgres postgres = builder.start();
    return new DurablePostgres(postgres, data);
  }

  int port() {
    return postgres.getPort();
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  String createDatabase(String name) throws SQLException {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return jdbcUrl(name);
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
  }

  /** The server settings that decide what a commit costs, as the server reports them. */
  Map<String, String> durabilitySettings() throws SQLException {
    Map<String, String> settings = new LinkedHashMap<>();
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      for (String name :
          new String[] {
            "server_version",
            "fsync",
            "synchronous_commit",
            "full_page_writes",
            "wal_sync_method",
            "autovacuum",
            "track_wal_io_timing"
          }) {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
          rs.next();
          settings.put(name, rs.getString(1));
        }
      }
    }
    return settings;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
