package io.flowmesh.events.runs;

import io.flowmesh.model.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The runs event-service started and whether they have ended; every statement is per tenant. */
@Repository
public class StartedRuns {

  private final JdbcClient jdbc;

  StartedRuns(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records runs just asked for, in the transaction that asks for them. */
  public void record(TenantId tenant, List<StartedRun> runs) {
    for (StartedRun run : runs) {
      jdbc.sql(
              """
              INSERT INTO started_runs (tenant, run_id, trigger_id, schedule_id, concurrency_key,
                                        chain_depth, started_at)
              VALUES (:tenant, :runId, :triggerId, :scheduleId, :key, :depth, :startedAt)
              ON CONFLICT DO NOTHING
              """)
          .param("tenant", tenant.value())
          .param("runId", run.runId())
          .param("triggerId", run.triggerId())
          .param("scheduleId", run.scheduleId())
          .param("key", run.concurrencyKey())
          .param("depth", run.chainDepth())
          .param("startedAt", Timestamp.from(run.startedAt()))
          .update();
    }
  }

  /**
   * Marks runs of one tenant ended ({@code completed}, {@code failed}, {@code cancelled}, or {@code
   * refused} when the orchestrator did not start it), in one statement. A run event-service did not
   * start, or one marked before, is not recorded and not returned.
   */
  List<EndedRun> ended(TenantId tenant, List<RunEnd> ends) {
    return jdbc.sql(
            """
            UPDATE started_runs s SET ended_at = e.at, end_status = e.status
            FROM unnest(CAST(:runIds AS text[]), CAST(:statuses AS text[]),
                        CAST(CAST(:ats AS text[]) AS timestamptz[])) AS e(run_id, status, at)
            WHERE s.tenant = :tenant AND s.run_id = e.run_id AND s.ended_at IS NULL
            RETURNING s.run_id, s.trigger_id, s.schedule_id, s.concurrency_key, s.chain_depth,
                      s.started_at, e.status
            """)
        .param("tenant", tenant.value())
        .param("runIds", ends.stream().map(RunEnd::runId).toArray(String[]::new))
        .param("statuses", ends.stream().map(RunEnd::status).toArray(String[]::new))
        .param("ats", ends.stream().map(end -> end.at().toString()).toArray(String[]::new))
        .query(
            (rs, row) ->
                new EndedRun(
                    new StartedRun(
                        rs.getString("run_id"),
                        rs.getString("trigger_id"),
                        rs.getString("schedule_id"),
                        rs.getString("concurrency_key"),
                        rs.getInt("chain_depth"),
                        rs.getTimestamp("started_at").toInstant()),
                    rs.getString("status")))
        .list();
  }

  /** A run marked ended, and how. */
  record EndedRun(StartedRun run, String status) {}

  /** How the run ended, if event-service started it and it has. */
  public Optional<String> endStatus(TenantId tenant, String runId) {
    return jdbc.sql(
            "SELECT end_status FROM started_runs"
                + " WHERE tenant = :tenant AND run_id = :runId AND ended_at IS NOT NULL")
        .param("tenant", tenant.value())
        .param("runId", runId)
        .query(String.class)
        .optional();
  }

  /** The run's depth in a chain, if event-service started it. */
  public Optional<Integer> chainDepth(TenantId tenant, String runId) {
    return jdbc.sql(
            "SELECT chain_depth FROM started_runs WHERE tenant = :tenant AND run_id = :runId")
        .param("tenant", tenant.value())
        .param("runId", runId)
        .query(Integer.class)
        .optional();
  }

  /**
   * How many runs the trigger started for the key that have not ended. The caller holds {@link
   * #lockTriggerKey}, so that two replicas counting at once do not both start the last one.
   */
  public int activeForTrigger(TenantId tenant, String triggerId, String key) {
    return jdbc.sql(
            """
            SELECT count(*) FROM started_runs
            WHERE tenant = :tenant AND trigger_id = :triggerId AND concurrency_key = :key
              AND ended_at IS NULL
            """)
        .param("tenant", tenant.value())
        .param("triggerId", triggerId)
        .param("key", key)
        .query(Integer.class)
        .single();
  }

  /** Serialises the counting and starting of one trigger's runs for one key, until commit. */
  public void lockTriggerKey(TenantId tenant, String triggerId, String key) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))")
        .param("lock", "trigger-concurrency:" + tenant.value() + ":" + triggerId + ":" + key)
        .query((rs, row) -> null)
        .list();
  }

  /** The schedule's runs that have not ended, oldest first. */
  public List<String> activeForSchedule(TenantId tenant, String scheduleId) {
    return jdbc.sql(
            """
            SELECT run_id FROM started_runs
            WHERE tenant = :tenant AND schedule_id = :scheduleId AND ended_at IS NULL
            ORDER BY started_at, run_id
            """)
        .param("tenant", tenant.value())
        .param("scheduleId", scheduleId)
        .query(String.class)
        .list();
  }

  /** Forgets runs that ended before {@code cutoff}; returns how many. */
  public int purgeEndedBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM started_runs WHERE ended_at < :cutoff")
        .param("cutoff", Timestamp.from(cutoff))
        .update();
  }
}
