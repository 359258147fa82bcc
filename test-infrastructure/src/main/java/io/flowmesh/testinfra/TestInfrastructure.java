package io.flowmesh.testinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL server and Kafka broker shared by all tests of one JVM.
 *
 * <p>Each is chosen once, in this order: an explicit address from the environment ({@code
 * TEST_PG_URL}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}; {@code TEST_KAFKA_BOOTSTRAP}),
 * Testcontainers when a Docker engine is reachable, else an embedded server started in this JVM
 * (zonky PostgreSQL, Spring Kafka's KRaft broker). Test classes get a database of their own so they
 * never see each other's rows.
 */
public final class TestInfrastructure {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestInfrastructure() {}

  /** The shared PostgreSQL server, started on first use. */
  public static PostgresServer postgres() {
    return PostgresServer.shared();
  }

  /** Bootstrap servers of the shared Kafka broker, started on first use. */
  public static String kafkaBootstrapServers() {
    return KafkaBroker.shared().bootstrapServers();
  }

  /**
   * Creates an empty database on the shared server.
   *
   * @param prefix readable part of the name, e.g. the test class
   * @return its JDBC URL
   */
  public static String newDatabase(String prefix) {
    PostgresServer server = postgres();
    String name =
        (prefix.replaceAll("[^A-Za-z0-9]", "_")
                + "_"
                + DATABASES.incrementAndGet()
                + "_"
                + ProcessHandle.current().pid())
            .toLowerCase();
    try (Connection connection =
            DriverManager.getConnection(
                server.jdbcUrl("postgres"), server.username(), server.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    return server.jdbcUrl(name);
  }

  /**
   * Points a Spring Boot service under test at a fresh database and the shared broker, with trace
   * export off (an empty OTLP endpoint would stop the application from starting).
   *
   * @return the database's JDBC URL
   */
  public static String registerServiceProperties(DynamicPropertyRegistry registry, String prefix) {
    String url = newDatabase(prefix);
    PostgresServer server = postgres();
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", server::username);
    registry.add("spring.datasource.password", server::password);
    registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
    registry.add("management.tracing.export.enabled", () -> "false");
    registry.add("management.otlp.metrics.export.enabled", () -> "false");
    return url;
  }
}
