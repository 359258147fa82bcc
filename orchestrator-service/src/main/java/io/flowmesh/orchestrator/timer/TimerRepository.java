package io.flowmesh.orchestrator.timer;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.engine.TimerKind;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code timers} table: durable timers of node attempts. */
@Repository
public class TimerRepository {

  private final JdbcClient jdbc;

  TimerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A timer as the poller claimed it; {@code payload} is JSON text or null. */
  public record DueTimer(
      long id,
      TenantId tenant,
      RunId runId,
      String nodeId,
      String executionId,
      int attempt,
      TimerKind kind,
      Instant dueAt,
      String payload) {}

  /** Writes a timer in the caller's transaction. */
  public void insert(
      TenantId tenant,
      RunId runId,
      String nodeId,
      String executionId,
      int attempt,
      TimerKind kind,
      Instant dueAt,
      String payloadJson) {
    jdbc.sql(
            "INSERT INTO timers (tenant, run_id, node_id, execution_id, attempt, kind, due_at,"
                + " payload) VALUES (:tenant, :runId, :nodeId, :executionId, :attempt, :kind,"
                + " :dueAt, :payload::jsonb)")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .param("executionId", executionId)
        .param("attempt", attempt)
        .param("kind", kind.name())
        .param("dueAt", Timestamp.from(dueAt))
        .param("payload", payloadJson)
        .update();
  }

  /**
   * Claims up to {@code limit} due timers for the caller's transaction. Rows another replica has
   * claimed are skipped, not waited for: each due timer is claimed by exactly one transaction.
   */
  public List<DueTimer> claimDue(int limit) {
    return jdbc.sql(
            "SELECT id, tenant, run_id, node_id, execution_id, attempt, kind, due_at,"
                + " payload::text FROM timers WHERE due_at <= now() ORDER BY due_at LIMIT :limit"
                + " FOR UPDATE SKIP LOCKED")
        .param("limit", limit)
        .query(
            (rs, i) ->
                new DueTimer(
                    rs.getLong(1),
                    TenantId.of(rs.getString(2)),
                    RunId.of(rs.getString(3)),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getInt(6),
                    TimerKind.valueOf(rs.getString(7)),
                    rs.getTimestamp(8).toInstant(),
                    rs.getString(9)))
        .list();
  }

  public void delete(long id) {
    jdbc.sql("DELETE FROM timers WHERE id = :id").param("id", id).update();
  }

  /** Makes a claimed timer due again after {@code delay} (its run is paused). */
  public void postpone(long id, Duration delay) {
    jdbc.sql("UPDATE timers SET due_at = now() + make_interval(secs => :seconds) WHERE id = :id")
        .param("seconds", delay.toMillis() / 1000.0)
        .param("id", id)
        .update();
  }

  /**
   * Deletes the timers of a finished attempt. Timers a poller has claimed are skipped rather than
   * waited for (waiting could deadlock with the poller, which locks timer then run); the poller
   * finds their attempt finished and discards them.
   */
  public void deleteForExecution(TenantId tenant, String executionId) {
    jdbc.sql(
            "DELETE FROM timers WHERE id IN (SELECT id FROM timers WHERE tenant = :tenant"
                + " AND execution_id = :executionId FOR UPDATE SKIP LOCKED)")
        .param("tenant", tenant.value())
        .param("executionId", executionId)
        .update();
  }

  /** Deletes the timers of a finished run, skipping claimed ones as above. */
  public void deleteForRun(TenantId tenant, RunId runId) {
    jdbc.sql(
            "DELETE FROM timers WHERE id IN (SELECT id FROM timers WHERE tenant = :tenant"
                + " AND run_id = :runId FOR UPDATE SKIP LOCKED)")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .update();
  }

  /** When the earliest timer is due, if any. */
  public Optional<Instant> nextDue() {
    Timestamp next =
        jdbc.sql("SELECT min(due_at) FROM timers").query(Timestamp.class).optional().orElse(null);
    return Optional.ofNullable(next).map(Timestamp::toInstant);
  }

  /** How many timers are due and not fired yet. */
  public long countDue() {
    return jdbc.sql("SELECT count(*) FROM timers WHERE due_at <= now()").query(Long.class).single();
  }
}
