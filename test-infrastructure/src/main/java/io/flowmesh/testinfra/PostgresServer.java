package io.flowmesh.testinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A running PostgreSQL server: its address and superuser credentials. */
public final class PostgresServer {

  private static PostgresServer shared;

  private final String baseUrl;
  private final String username;
  private final String password;

  private PostgresServer(String baseUrl, String username, String password) {
    this.baseUrl = baseUrl;
    this.username = username;
    this.password = password;
  }

  static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** JDBC URL of the named database on this server. */
  public String jdbcUrl(String database) {
    return baseUrl + database;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  private static PostgresServer start() {
    String url = System.getenv("TEST_PG_URL");
    if (url != null && !url.isBlank()) {
      // e.g. jdbc:postgresql://localhost:5432/ : databases are appended to it
      String base = url.endsWith("/") ? url : url.substring(0, url.lastIndexOf('/') + 1);
      return new PostgresServer(
          base, envOr("TEST_PG_USER", "postgres"), envOr("TEST_PG_PASSWORD", "postgres"));
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      String jdbc = container.getJdbcUrl();
      return new PostgresServer(
          jdbc.substring(0, jdbc.lastIndexOf('/') + 1),
          container.getUsername(),
          container.getPassword());
    }
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
      return new PostgresServer(
          "jdbc:postgresql://localhost:" + postgres.getPort() + "/", "postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting; the temp directory is cleaned on the next start
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
