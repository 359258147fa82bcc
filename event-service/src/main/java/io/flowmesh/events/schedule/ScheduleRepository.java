package io.flowmesh.events.schedule;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Schedules and their fires; every statement but the due claim is scoped to one tenant. */
@Repository
class ScheduleRepository {

  /** A due schedule with its tenant, as the claim finds it. */
  record Due(TenantId tenant, Schedule schedule) {}

  private static final String COLUMNS =
      "tenant, id, name, workflow_id, cron, interval_ms, once_at, time_zone, input::text AS input,"
          + " jitter_ms, start_at, end_at, catch_up, catch_up_window_ms, overlap, declared_version,"
          + " paused, next_fire_at,"
          + " created_at, updated_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ScheduleRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void insert(TenantId tenant, Schedule s, Instant dueAt) {
    jdbc.sql(
            """
            INSERT INTO schedules (tenant, id, name, workflow_id, cron, interval_ms, once_at,
              time_zone, input, jitter_ms, start_at, end_at, catch_up, catch_up_window_ms, overlap,
              declared_version, paused, next_fire_at, due_at, created_at, updated_at)
            VALUES (:tenant, :id, :name, :workflowId, :cron, :intervalMs, :onceAt, :timeZone,
              CAST(:input AS jsonb), :jitterMs, :startAt, :endAt, :catchUp, :catchUpWindowMs,
              :overlap, :declaredVersion, :paused, :nextFireAt, :dueAt, :createdAt, :updatedAt)
            """)
        .params(parameters(tenant, s, dueAt))
        .update();
  }

  boolean update(TenantId tenant, Schedule s, Instant dueAt) {
    return jdbc.sql(
                """
                UPDATE schedules SET name = :name, workflow_id = :workflowId, cron = :cron,
                  interval_ms = :intervalMs, once_at = :onceAt, time_zone = :timeZone,
                  input = CAST(:input AS jsonb), jitter_ms = :jitterMs, start_at = :startAt,
                  end_at = :endAt, catch_up = :catchUp, catch_up_window_ms = :catchUpWindowMs,
                  overlap = :overlap, paused = :paused, next_fire_at = :nextFireAt, due_at = :dueAt,
                  updated_at = :updatedAt
                WHERE tenant = :tenant AND id = :id
                """)
            .params(parameters(tenant, s, dueAt))
            .update()
        == 1;
  }

  void deleteDeclared(TenantId tenant, String workflowId) {
    jdbc.sql(
            "DELETE FROM schedules WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " AND declared_version IS NOT NULL")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId)
        .update();
  }

  boolean delete(TenantId tenant, String id) {
    return jdbc.sql("DELETE FROM schedules WHERE tenant = :tenant AND id = :id")
            .param("tenant", tenant.value())
            .param("id", id)
            .update()
        == 1;
  }

  /** How many of the tenant's schedules are not paused. */
  long countActive(TenantId tenant) {
    return jdbc.sql("SELECT count(*) FROM schedules WHERE tenant = ? AND NOT paused")
        .params(tenant.value())
        .query(Long.class)
        .single();
  }

  Optional<Schedule> find(TenantId tenant, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM schedules WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .query(this::schedule)
        .optional();
  }

  /** The schedule, locked against the pollers for a change. */
  Optional<Schedule> lock(TenantId tenant, String id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM schedules WHERE tenant = :tenant AND id = :id FOR UPDATE")
        .param("tenant", tenant.value())
        .param("id", id)
        .query(this::schedule)
        .optional();
  }

  List<Schedule> list(TenantId tenant, PageRequest page) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM schedules WHERE tenant = :tenant AND id > :after ORDER BY id LIMIT :limit")
        .param("tenant", tenant.value())
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(this::schedule)
        .list();
  }

  /**
   * The schedules due at {@code now}, locked; those another poller holds are skipped, so each due
   * time is fired by one poller.
   */
  List<Due> claimDue(Instant now, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM schedules WHERE NOT paused AND due_at <= :now ORDER BY due_at"
                + " LIMIT :limit FOR UPDATE SKIP LOCKED")
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query((rs, row) -> new Due(TenantId.of(rs.getString("tenant")), schedule(rs, row)))
        .list();
  }

  void advance(TenantId tenant, String id, Instant nextFireAt, Instant dueAt) {
    jdbc.sql(
            "UPDATE schedules SET next_fire_at = :next, due_at = :due"
                + " WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .param("next", nextFireAt == null ? null : Timestamp.from(nextFireAt))
        .param("due", dueAt == null ? null : Timestamp.from(dueAt))
        .update();
  }

  /**
   * Records what a nominal time did: {@code started} a run, was {@code skipped}, or was {@code
   * buffered} until the running ones end.
   *
   * @param runId the run it started, or null
   * @return false if this time of the schedule fired already
   */
  boolean recordFire(
      TenantId tenant,
      String scheduleId,
      Instant fireTime,
      String kind,
      String outcome,
      String runId,
      Instant at) {
    return jdbc.sql(
                """
                INSERT INTO schedule_fires
                  (tenant, schedule_id, fire_time, kind, outcome, run_id, fired_at)
                VALUES (:tenant, :scheduleId, :fireTime, :kind, :outcome, :runId, :at)
                ON CONFLICT DO NOTHING
                """)
            .param("tenant", tenant.value())
            .param("scheduleId", scheduleId)
            .param("fireTime", Timestamp.from(fireTime))
            .param("kind", kind)
            .param("outcome", outcome)
            .param("runId", runId)
            .param("at", Timestamp.from(at))
            .update()
        == 1;
  }

  /** The schedule's oldest time waiting for its running runs to end, if any. */
  Optional<Instant> oldestBuffered(TenantId tenant, String scheduleId) {
    return jdbc.sql(
            """
            SELECT fire_time FROM schedule_fires
            WHERE tenant = :tenant AND schedule_id = :scheduleId AND outcome = 'buffered'
            ORDER BY fire_time LIMIT 1
            """)
        .param("tenant", tenant.value())
        .param("scheduleId", scheduleId)
        .query((rs, row) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** A buffered time starts its run at last. */
  void startBuffered(TenantId tenant, String scheduleId, Instant fireTime, String runId) {
    jdbc.sql(
            """
            UPDATE schedule_fires SET outcome = 'started', run_id = :runId
            WHERE tenant = :tenant AND schedule_id = :scheduleId AND fire_time = :fireTime
              AND outcome = 'buffered'
            """)
        .param("tenant", tenant.value())
        .param("scheduleId", scheduleId)
        .param("fireTime", Timestamp.from(fireTime))
        .param("runId", runId)
        .update();
  }

  private Map<String, Object> parameters(TenantId tenant, Schedule s, Instant dueAt) {
    Map<String, Object> values = new HashMap<>();
    values.put("tenant", tenant.value());
    values.put("id", s.id());
    values.put("name", s.name());
    values.put("workflowId", s.workflowId());
    values.put("cron", s.cron());
    values.put("intervalMs", s.interval() == null ? null : s.interval().toMillis());
    values.put("onceAt", timestamp(s.onceAt()));
    values.put("timeZone", s.timeZone().getId());
    values.put("input", s.input() == null ? null : json.writeValueAsString(s.input()));
    values.put("jitterMs", s.jitter().toMillis());
    values.put("startAt", timestamp(s.startAt()));
    values.put("endAt", timestamp(s.endAt()));
    values.put("catchUp", s.catchUp());
    values.put("catchUpWindowMs", s.catchUpWindow().toMillis());
    values.put("overlap", s.overlap().value());
    values.put("declaredVersion", s.declaredVersion());
    values.put("paused", s.paused());
    values.put("nextFireAt", timestamp(s.nextFireAt()));
    values.put("dueAt", timestamp(dueAt));
    values.put("createdAt", timestamp(s.createdAt()));
    values.put("updatedAt", timestamp(s.updatedAt()));
    return values;
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private Schedule schedule(ResultSet rs, int row) throws SQLException {
    long intervalMs = rs.getLong("interval_ms");
    boolean hasInterval = !rs.wasNull();
    String input = rs.getString("input");
    return new Schedule(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("workflow_id"),
        rs.getString("cron"),
        hasInterval ? Duration.ofMillis(intervalMs) : null,
        instant(rs, "once_at"),
        ZoneId.of(rs.getString("time_zone")),
        input == null ? null : json.readTree(input),
        Duration.ofMillis(rs.getLong("jitter_ms")),
        instant(rs, "start_at"),
        instant(rs, "end_at"),
        rs.getString("catch_up"),
        Duration.ofMillis(rs.getLong("catch_up_window_ms")),
        Overlap.of(rs.getString("overlap")).orElseThrow(),
        (Integer) rs.getObject("declared_version"),
        rs.getBoolean("paused"),
        instant(rs, "next_fire_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }
}
