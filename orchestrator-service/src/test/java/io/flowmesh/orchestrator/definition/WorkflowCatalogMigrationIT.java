package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.testinfra.PostgresServer;
import io.flowmesh.testinfra.TestInfrastructure;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Migration V20 lists the workflows saved before it, from their stored documents. */
class WorkflowCatalogMigrationIT {

  private static final String SCHEMA = "orchestrator";

  @Test
  void workflowsSavedBeforeTheListExistedAreListedFromTheirLatestDocument() {
    String url = TestInfrastructure.newDatabase("catalog_migration");
    PostgresServer server = TestInfrastructure.postgres();
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(url, server.username(), server.password());
    dataSource.setSchema(SCHEMA);
    migrateTo(dataSource, "19");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Instant first = Instant.parse("2026-01-05T10:00:00Z");
    Instant second = Instant.parse("2026-02-07T11:30:00Z");
    insert(jdbc, "order", 1, "Order", "{\"id\":\"order\",\"description\":\"old words\"}", first);
    insert(
        jdbc,
        "order",
        2,
        "Order v2",
        "{\"id\":\"order\",\"description\":\"top level\","
            + "\"metadata\":{\"description\":\"new words\",\"tags\":[\"billing\",7,\"ops\"]}}",
        second);
    insert(jdbc, "bare", 1, "bare", "{\"id\":\"bare\",\"metadata\":{\"tags\":\"ops\"}}", first);

    migrateTo(dataSource, "20");

    List<Map<String, Object>> rows =
        jdbc.sql(
                "SELECT workflow_id, name, description, array_to_string(tags, ',') AS tags,"
                    + " latest_version, created_at, updated_at FROM workflows"
                    + " WHERE tenant = 't' ORDER BY workflow_id")
            .query()
            .listOfRows();
    assertThat(rows).hasSize(2);
    Map<String, Object> bare = rows.get(0);
    assertThat(bare.get("description")).isNull();
    assertThat(bare.get("tags")).isEqualTo("");
    Map<String, Object> order = rows.get(1);
    assertThat(order.get("name")).isEqualTo("Order v2");
    assertThat(order.get("description")).isEqualTo("new words");
    assertThat(order.get("tags")).isEqualTo("billing,ops");
    assertThat(order.get("latest_version")).isEqualTo(2);
    assertThat(((Timestamp) order.get("created_at")).toInstant()).isEqualTo(first);
    assertThat(((Timestamp) order.get("updated_at")).toInstant()).isEqualTo(second);
  }

  private static void migrateTo(DriverManagerDataSource dataSource, String version) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .defaultSchema(SCHEMA)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .target(version)
        .load()
        .migrate();
  }

  private static void insert(
      JdbcClient jdbc, String workflowId, int version, String name, String document, Instant at) {
    jdbc.sql(
            "INSERT INTO workflow_definitions (tenant, workflow_id, version, name, document,"
                + " created_at) VALUES ('t', :workflowId, :version, :name, :document::jsonb, :at)")
        .param("workflowId", workflowId)
        .param("version", version)
        .param("name", name)
        .param("document", document)
        .param("at", Timestamp.from(at))
        .update();
  }
}
