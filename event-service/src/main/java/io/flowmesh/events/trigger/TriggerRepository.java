package io.flowmesh.events.trigger;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenants' triggers; every statement is scoped to one tenant. */
@Repository
class TriggerRepository {

  private static final String COLUMNS =
      "id, name, workflow_id, event_types, filter, input, business_key, concurrency_limit,"
          + " concurrency_key, debounce_period, debounce_key, batch_max_events, batch_max_wait,"
          + " batch_key, declared_version, enabled, created_at, updated_at";

  private final JdbcClient jdbc;

  TriggerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(TenantId tenant, Trigger trigger) {
    jdbc.sql(
            """
            INSERT INTO triggers (tenant, id, name, workflow_id, event_types, filter, input,
                                  business_key, concurrency_limit, concurrency_key,
                                  debounce_period, debounce_key, batch_max_events, batch_max_wait,
                                  batch_key, declared_version, enabled, created_at, updated_at)
            VALUES (:tenant, :id, :name, :workflowId, :eventTypes, :filter, :input, :businessKey,
                    :concurrencyLimit, :concurrencyKey, :debouncePeriod, :debounceKey,
                    :batchMaxEvents, :batchMaxWait, :batchKey, :declaredVersion, :enabled, :createdAt,
                    :updatedAt)
            """)
        .param("tenant", tenant.value())
        .params(parameters(trigger))
        .update();
  }

  /**
   * @return false if the tenant has no such trigger
   */
  boolean update(TenantId tenant, Trigger trigger) {
    return jdbc.sql(
                """
                UPDATE triggers SET name = :name, workflow_id = :workflowId,
                  event_types = :eventTypes, filter = :filter, input = :input,
                  business_key = :businessKey, concurrency_limit = :concurrencyLimit,
                  concurrency_key = :concurrencyKey, debounce_period = :debouncePeriod,
                  debounce_key = :debounceKey, batch_max_events = :batchMaxEvents,
                  batch_max_wait = :batchMaxWait, batch_key = :batchKey, enabled = :enabled,
                  updated_at = :updatedAt
                WHERE tenant = :tenant AND id = :id
                """)
            .param("tenant", tenant.value())
            .params(parameters(trigger))
            .update()
        == 1;
  }

  /** Deletes the trigger the workflow declares, if it declares one. */
  void deleteDeclared(TenantId tenant, String workflowId) {
    jdbc.sql(
            "DELETE FROM triggers WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " AND declared_version IS NOT NULL")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId)
        .update();
  }

  boolean delete(TenantId tenant, String id) {
    return jdbc.sql("DELETE FROM triggers WHERE tenant = :tenant AND id = :id")
            .param("tenant", tenant.value())
            .param("id", id)
            .update()
        == 1;
  }

  Optional<Trigger> find(TenantId tenant, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM triggers WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .query(TriggerRepository::trigger)
        .optional();
  }

  List<Trigger> list(TenantId tenant, PageRequest page) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM triggers WHERE tenant = :tenant AND id > :after ORDER BY id LIMIT :limit")
        .param("tenant", tenant.value())
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(TriggerRepository::trigger)
        .list();
  }

  /** The triggers that evaluate the tenant's events. */
  List<Trigger> enabled(TenantId tenant) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM triggers WHERE tenant = :tenant AND enabled")
        .param("tenant", tenant.value())
        .query(TriggerRepository::trigger)
        .list();
  }

  private static Map<String, Object> parameters(Trigger trigger) {
    Map<String, Object> values = new HashMap<>();
    values.put("id", trigger.id());
    values.put("name", trigger.name());
    values.put("workflowId", trigger.workflowId());
    values.put("eventTypes", trigger.eventTypes().toArray(String[]::new));
    values.put("filter", trigger.filter());
    values.put("input", trigger.input());
    values.put("businessKey", trigger.businessKey());
    values.put(
        "concurrencyLimit", trigger.concurrency() == null ? null : trigger.concurrency().limit());
    values.put(
        "concurrencyKey", trigger.concurrency() == null ? null : trigger.concurrency().key());
    Trigger.Debounce debounce = trigger.debounce();
    values.put("debouncePeriod", debounce == null ? null : debounce.period());
    values.put("debounceKey", debounce == null ? null : debounce.key());
    Trigger.Batch batch = trigger.batch();
    values.put("batchMaxEvents", batch == null ? null : batch.maxEvents());
    values.put("batchMaxWait", batch == null ? null : batch.maxWait());
    values.put("batchKey", batch == null ? null : batch.key());
    values.put("declaredVersion", trigger.declaredVersion());
    values.put("enabled", trigger.enabled());
    values.put("createdAt", Timestamp.from(trigger.createdAt()));
    values.put("updatedAt", Timestamp.from(trigger.updatedAt()));
    return values;
  }

  private static Trigger.Concurrency concurrency(ResultSet rs) throws SQLException {
    int limit = rs.getInt("concurrency_limit");
    return rs.wasNull() ? null : new Trigger.Concurrency(limit, rs.getString("concurrency_key"));
  }

  private static Trigger.Batch batch(ResultSet rs) throws SQLException {
    int maxEvents = rs.getInt("batch_max_events");
    return rs.wasNull()
        ? null
        : new Trigger.Batch(maxEvents, rs.getString("batch_max_wait"), rs.getString("batch_key"));
  }

  private static Trigger trigger(ResultSet rs, int row) throws SQLException {
    Array types = rs.getArray("event_types");
    return new Trigger(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("workflow_id"),
        Arrays.asList((String[]) types.getArray()),
        rs.getString("filter"),
        rs.getString("input"),
        rs.getString("business_key"),
        concurrency(rs),
        rs.getString("debounce_period") == null
            ? null
            : new Trigger.Debounce(rs.getString("debounce_period"), rs.getString("debounce_key")),
        batch(rs),
        (Integer) rs.getObject("declared_version"),
        rs.getBoolean("enabled"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
