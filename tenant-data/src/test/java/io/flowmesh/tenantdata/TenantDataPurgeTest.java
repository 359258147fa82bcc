package io.flowmesh.tenantdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.TenantId;
import io.flowmesh.testinfra.TestInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The purge on a real PostgreSQL schema shaped like a service's: parents referenced by children
 * (one with a deferred key, one cascading), a table partitioned by time, and a table shared by all
 * tenants. One tenant's rows go, everywhere; the other tenant's and the shared rows stay.
 */
class TenantDataPurgeTest {

  private JdbcTemplate jdbc;
  private TenantDataPurge purge;

  @BeforeEach
  void schema() {
    String url = TestInfrastructure.newDatabase("tenant_purge");
    SingleConnectionDataSource dataSource =
        new SingleConnectionDataSource(
            url + (url.contains("?") ? "&" : "?") + "currentSchema=svc",
            TestInfrastructure.postgres().username(),
            TestInfrastructure.postgres().password(),
            true);
    jdbc = new JdbcTemplate(dataSource);
    jdbc.execute(
        """
        CREATE SCHEMA svc;
        CREATE TABLE svc.runs (tenant TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tenant, id));
        CREATE TABLE svc.steps (tenant TEXT NOT NULL, id TEXT NOT NULL, run_id TEXT NOT NULL,
          PRIMARY KEY (tenant, id), FOREIGN KEY (tenant, run_id) REFERENCES svc.runs (tenant, id));
        CREATE TABLE svc.step_items (tenant TEXT NOT NULL, step_id TEXT NOT NULL,
          FOREIGN KEY (tenant, step_id) REFERENCES svc.steps (tenant, id)
            DEFERRABLE INITIALLY DEFERRED);
        CREATE TABLE svc.notes (tenant TEXT NOT NULL, run_id TEXT NOT NULL,
          FOREIGN KEY (tenant, run_id) REFERENCES svc.runs (tenant, id) ON DELETE CASCADE);
        CREATE TABLE svc.events (tenant TEXT NOT NULL, at DATE NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE svc.events_2026 PARTITION OF svc.events
          FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        CREATE TABLE svc.catalogue (name TEXT PRIMARY KEY);
        """);
    for (String tenant : new String[] {"doomed", "kept"}) {
      jdbc.update("INSERT INTO svc.runs VALUES (?, 'r1')", tenant);
      jdbc.update("INSERT INTO svc.steps VALUES (?, 's1', 'r1')", tenant);
      jdbc.update("INSERT INTO svc.step_items VALUES (?, 's1')", tenant);
      jdbc.update("INSERT INTO svc.notes VALUES (?, 'r1')", tenant);
      jdbc.update("INSERT INTO svc.events VALUES (?, '2026-12-07')", tenant);
    }
    jdbc.update("INSERT INTO svc.catalogue VALUES ('shared')");
    purge =
        new TenantDataPurge(
            jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  @Test
  void childrenGoBeforeTheTablesTheyReference() {
    assertThat(purge.tenantTablesChildrenFirst())
        .containsExactlyInAnyOrder("runs", "steps", "step_items", "notes", "events")
        .satisfies(
            order -> {
              assertThat(order.indexOf("step_items")).isLessThan(order.indexOf("steps"));
              assertThat(order.indexOf("steps")).isLessThan(order.indexOf("runs"));
              assertThat(order.indexOf("notes")).isLessThan(order.indexOf("runs"));
            });
    assertThat(purge.tablesWithoutTenant()).containsExactly("catalogue");
  }

  @Test
  void theTenantsRowsGoFromEveryTableAndNothingElseDoes() {
    Map<String, Integer> deleted = purge.purge(TenantId.of("doomed"));

    assertThat(deleted)
        .containsEntry("runs", 1)
        .containsEntry("steps", 1)
        .containsEntry("step_items", 1)
        .containsEntry("notes", 1)
        .containsEntry("events", 1);
    for (String table : purge.tenantTablesChildrenFirst()) {
      assertThat(count(table, "doomed")).as(table).isZero();
      assertThat(count(table, "kept")).as(table).isEqualTo(1);
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM svc.catalogue", Integer.class))
        .isEqualTo(1);
    assertThat(purge.purge(TenantId.of("doomed")).values()).containsOnly(0);
  }

  private int count(String table, String tenant) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM svc." + table + " WHERE tenant = ?", Integer.class, tenant);
  }
}
