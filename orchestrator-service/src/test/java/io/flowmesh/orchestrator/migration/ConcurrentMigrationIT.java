package io.flowmesh.orchestrator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.testinfra.PostgresServer;
import io.flowmesh.testinfra.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of a new release start at the same moment on an empty database, as a rolling
 * deployment or a scale-up from zero does: both run the service's Flyway migrations, configured as
 * the service configures them. Flyway serialises them with a PostgreSQL advisory lock, so each
 * migration is applied once, by one of them, and both start.
 */
class ConcurrentMigrationIT {

  private static final int REPLICAS = 2;

  @Test
  void twoReplicasMigratingAnEmptyDatabaseAtOnceBothSucceedAndApplyEachMigrationOnce()
      throws Exception {
    String url = TestInfrastructure.newDatabase("concurrent_migration");
    PostgresServer server = TestInfrastructure.postgres();
    CyclicBarrier together = new CyclicBarrier(REPLICAS);
    List<Future<MigrateResult>> replicas = new ArrayList<>();
    // Without the marker Flyway records for the schema it created.
    long available =
        Arrays.stream(asTheServiceConfiguresIt(url, server).info().all())
            .filter(migration -> !migration.getType().isSynthetic())
            .count();
    try (ExecutorService threads = Executors.newFixedThreadPool(REPLICAS)) {
      for (int i = 0; i < REPLICAS; i++) {
        replicas.add(
            threads.submit(
                () -> {
                  Flyway flyway = asTheServiceConfiguresIt(url, server);
                  together.await();
                  return flyway.migrate();
                }));
      }
      List<MigrateResult> results = new ArrayList<>();
      for (Future<MigrateResult> replica : replicas) {
        results.add(replica.get()); // throws if a replica's migration failed
      }

      assertThat(results).allSatisfy(result -> assertThat(result.success).isTrue());
      // Flyway takes the lock per migration, so the replicas may share the work, never repeat it.
      assertThat(results.stream().mapToLong(result -> result.migrationsExecuted).sum())
          .as("migrations applied by the two replicas together")
          .isEqualTo(available);
    }

    try (Connection connection =
            DriverManager.getConnection(url, server.username(), server.password());
        Statement statement = connection.createStatement()) {
      ResultSet history =
          statement.executeQuery(
              "SELECT count(*) AS applied, count(DISTINCT version) AS versions,"
                  + " bool_and(success) AS ok"
                  + " FROM orchestrator.flyway_schema_history"
                  + " WHERE version IS NOT NULL AND type <> 'SCHEMA'");
      history.next();
      assertThat(history.getLong("applied"))
          .as("each migration once in the history")
          .isEqualTo(history.getLong("versions"))
          .isEqualTo(available);
      assertThat(history.getBoolean("ok")).isTrue();
      ResultSet runs =
          statement.executeQuery(
              "SELECT count(*) FROM information_schema.tables"
                  + " WHERE table_schema = 'orchestrator' AND table_name IN ('runs', 'outbox')");
      runs.next();
      assertThat(runs.getInt(1)).as("the service's tables and its outbox exist").isEqualTo(2);
    }
  }

  /** The settings of spring.flyway in the service's application.yml. */
  private static Flyway asTheServiceConfiguresIt(String url, PostgresServer server) {
    return Flyway.configure()
        .dataSource(url, server.username(), server.password())
        .schemas("orchestrator")
        .defaultSchema("orchestrator")
        .createSchemas(true)
        .locations("classpath:db/migration", "classpath:db/outbox")
        .load();
  }
}
