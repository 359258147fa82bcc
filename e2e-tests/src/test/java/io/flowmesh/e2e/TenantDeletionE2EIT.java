package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.launcher.Platform;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deleting a tenant through the gateway removes its data from every service: a tenant gets a key,
 * leaves data in each service through the public API (a definition and its run, a function, a
 * connection, a webhook subscription, events, a trigger, a schedule, an inbound webhook), and is
 * deleted. Then every table of every schema in the platform's database is read: no row of the
 * tenant is left in any table with a tenant column, another tenant's rows are still there, and no
 * table outside a short list of the platform's own has no tenant column. The deleted tenant's key
 * is refused, and its id cannot be used again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class TenantDeletionE2EIT {

  /** Tables that hold no tenant's data: migrations' history, shared catalogues, the gateway's. */
  private static final List<String> WITHOUT_TENANT_COLUMN =
      List.of(
          "flyway_schema_history",
          "tenants",
          "api_keys",
          "api_key_secrets",
          "audit_log",
          "rate_limit_buckets");

  private final JsonMapper json = JsonMapper.builder().build();
  private Platform platform;
  private GatewayClient admin;

  @BeforeAll
  void platform(Platform shared) {
    platform = shared;
    admin = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
  }

  @Test
  void aDeletedTenantLeavesNoRowInAnyServiceAndItsKeyIsRefused() throws Exception {
    String doomed = "doomed-" + UUID.randomUUID().toString().substring(0, 8);
    GatewayClient tenant = newTenant(doomed);
    leaveDataEverywhere(tenant, doomed);
    // the platform tenant's own data, which must stay
    assertCreated(admin.post("/api/v1/triggers", trigger()));
    Map<String, Long> before = rowsOf(doomed);
    assertThat(before.values().stream().mapToLong(Long::longValue).sum()).isPositive();

    HttpResponse<String> deleted = admin.delete("/api/v1/tenants/" + doomed);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(json.readTree(deleted.body()).at("/tenant/status").asString()).isEqualTo("deleted");

    assertThat(rowsOf(doomed))
        .as("rows of the deleted tenant per table")
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    assertThat(rowsOf(platform.tenant()).get("events.triggers")).isPositive();
    assertThat(tablesWithoutTenantColumn())
        .as("a new table needs a tenant column, or a reason to be on the list")
        .allSatisfy(table -> assertThat(WITHOUT_TENANT_COLUMN).contains(table.split("\\.")[1]));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(tenant.get("/api/v1/triggers").statusCode()).isIn(401, 403));
    assertThat(admin.post("/api/v1/tenants", "{\"id\": \"" + doomed + "\"}").statusCode())
        .isEqualTo(409);
  }

  private GatewayClient newTenant(String id) throws Exception {
    assertCreated(admin.post("/api/v1/tenants", "{\"id\": \"" + id + "\"}"));
    HttpResponse<String> key =
        admin.post(
            "/api/v1/tenants/" + id + "/api-keys",
            """
            {"name": "everything", "scopes": ["runs:read", "runs:write", "definitions:read",
              "definitions:write", "functions:read", "functions:write", "events:read",
              "events:write", "webhooks:read", "webhooks:admin", "integrations:read",
              "integrations:admin"]}
            """);
    assertCreated(key);
    return new GatewayClient(
        platform.gatewayUrl(), json.readTree(key.body()).get("secret").asString());
  }

  private void leaveDataEverywhere(GatewayClient tenant, String id) throws Exception {
    assertCreated(
        tenant.post(
            "/api/v1/workflow-definitions",
            """
            {"id": "doomed-flow", "nodes": [
              {"id": "trigger", "type": "trigger", "config": {}},
              {"id": "echo", "type": "action", "config": {"function": "core/echo", "input": {"m": "x"}}},
              {"id": "end", "type": "end", "config": {}}],
             "edges": [{"id": "e1", "source": "trigger", "target": "echo"},
                       {"id": "e2", "source": "echo", "target": "end"}]}
            """));
    HttpResponse<String> run = tenant.post("/api/v1/runs", "{\"workflowId\": \"doomed-flow\"}");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
    String runId = json.readTree(run.body()).get("runId").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "COMPLETED"
                    .equals(tenant.getJson("/api/v1/runs/" + runId).path("status").asString()));
    assertCreated(
        tenant.post(
            "/api/v1/functions",
            """
            {"slug": "doomed/fn", "name": "Doomed", "executionType": "http",
             "webhookUrl": "http://127.0.0.1:9/fn", "timeoutSeconds": 5}
            """));
    assertCreated(
        tenant.post(
            "/api/v1/connections",
            """
            {"type": "http-bearer", "name": "doomed-api",
             "settings": {"baseUrl": "http://127.0.0.1:9"}, "secrets": {"token": "t"}}
            """));
    assertCreated(
        tenant.post(
            "/api/v1/webhook-subscriptions",
            "{\"url\": \"http://127.0.0.1:9/hooks\", \"eventTypes\": [\"io.flowmesh.run.*\"]}"));
    assertCreated(tenant.post("/api/v1/triggers", trigger()));
    assertCreated(
        tenant.post(
            "/api/v1/schedules",
            "{\"name\": \"s\", \"workflowId\": \"doomed-flow\", \"every\": \"PT1H\"}"));
    assertCreated(
        tenant.post(
            "/api/v1/hooks",
            "{\"name\": \"h\", \"eventType\": \"com.doomed.h\", \"verification\": {\"scheme\": \"bearer\"}}"));
    HttpResponse<String> event =
        tenant.postAs(
            "/api/v1/events",
            "application/cloudevents+json",
            "{\"specversion\": \"1.0\", \"id\": \""
                + UUID.randomUUID()
                + "\", \"source\": \"/e2e\", \"type\": \"com.doomed.x\", \"data\": {}}");
    assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
    // what the platform does with all that in the background has landed before the tenant goes:
    // the run's events in event-service's store, the saved workflow's declaration there, the
    // accepted event kept by the orchestrator for correlation
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Map<String, Long> rows = rowsOf(id);
              return rows.getOrDefault("events.events", 0L) >= 3
                  && rows.getOrDefault("events.workflow_declarations", 0L) >= 1
                  && rows.getOrDefault("orchestrator.correlation_events", 0L) >= 1;
            });
  }

  private static String trigger() {
    return "{\"name\": \"t\", \"workflowId\": \"doomed-flow\", \"eventTypes\": [\"com.nothing\"]}";
  }

  private static void assertCreated(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** Rows of the tenant in every table with a tenant column, as schema.table -> count. */
  private Map<String, Long> rowsOf(String tenant) throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              """
              SELECT n.nspname || '.' || c.relname FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public')
                AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                            AND a.attname = 'tenant' AND NOT a.attisdropped)
              ORDER BY 1
              """)) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (var query =
            connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant = ?")) {
          query.setString(1, tenant);
          try (ResultSet rs = query.executeQuery()) {
            rs.next();
            rows.put(table, rs.getLong(1));
          }
        }
      }
    }
    return rows;
  }

  private List<String> tablesWithoutTenantColumn() throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                """
                SELECT n.nspname || '.' || c.relname FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public')
                  AND n.nspname NOT LIKE 'pg_%'
                  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                  AND a.attname = 'tenant' AND NOT a.attisdropped)
                """)) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        platform.postgres().jdbcUrl(),
        platform.postgres().username(),
        platform.postgres().password());
  }
}
