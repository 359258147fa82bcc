package io.flowmesh.orchestrator.correlation;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code event_waits} table: the open waits of approval gates and wait-for-event nodes, one per
 * node attempt, written in the transaction that starts the attempt. A wait is open while its
 * attempt runs and no event resolved it; it is deleted when its event is delivered, with its run
 * when the run ends, and by the purge when its attempt ended otherwise (a timeout, a cancel).
 */
@Repository
public class EventWaits {

  private static final String OPEN_WAITS =
      """
      SELECT w.execution_id, w.run_id, w.node_id, ne.attempt, w.correlation,
             r.trigger_data::text, r.business_key, w.checked
      FROM event_waits w
      JOIN node_executions ne
        ON ne.tenant = w.tenant AND ne.execution_id = w.execution_id AND ne.status = 'RUNNING'
      JOIN runs r ON r.tenant = w.tenant AND r.id = w.run_id
      WHERE w.tenant = :tenant AND w.event_name = :eventName AND w.resolved_by IS NULL
      """;

  private final JdbcClient jdbc;
  private final CorrelationSignal signal;

  EventWaits(JdbcClient jdbc, CorrelationSignal signal) {
    this.jdbc = jdbc;
    this.signal = signal;
  }

  /** An open wait whose node attempt still runs, with what its correlation reads of its run. */
  record OpenWait(
      String executionId,
      RunId runId,
      String nodeId,
      int attempt,
      String correlation,
      String runInputJson,
      String businessKey,
      boolean checked) {}

  /**
   * Records a wait in the caller's transaction (the one that starts the attempt); after commit it
   * is checked against the events buffered before it.
   *
   * @param correlation the node's CEL correlation, or null for any event of the name
   */
  public void record(
      TenantId tenant,
      RunId runId,
      String nodeId,
      String executionId,
      String eventName,
      String correlation,
      Instant at) {
    jdbc.sql(
            "INSERT INTO event_waits (tenant, execution_id, run_id, node_id, event_name,"
                + " correlation, created_at) VALUES (:tenant, :executionId, :runId, :nodeId,"
                + " :eventName, :correlation, :at) ON CONFLICT DO NOTHING")
        .param("tenant", tenant.value())
        .param("executionId", executionId)
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .param("eventName", eventName)
        .param("correlation", correlation)
        .param("at", Timestamp.from(at))
        .update();
    signal.afterCommit();
  }

  /** The wait's event was delivered: it is closed. */
  public void delivered(TenantId tenant, String executionId) {
    jdbc.sql("DELETE FROM event_waits WHERE tenant = :tenant AND execution_id = :executionId")
        .param("tenant", tenant.value())
        .param("executionId", executionId)
        .update();
  }

  /**
   * A matched event could not be delivered (the run was failed or cancelled meanwhile): if the
   * attempt goes on waiting (a retried run keeps its gates), a later event may resolve it.
   */
  public void reopen(TenantId tenant, String executionId) {
    jdbc.sql(
            "UPDATE event_waits SET resolved_by = NULL"
                + " WHERE tenant = :tenant AND execution_id = :executionId")
        .param("tenant", tenant.value())
        .param("executionId", executionId)
        .update();
  }

  /** Deletes the waits of a finished run. */
  public void deleteForRun(TenantId tenant, RunId runId) {
    jdbc.sql("DELETE FROM event_waits WHERE tenant = :tenant AND run_id = :runId")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .update();
  }

  /** The tenant's open waits for the event name, oldest first. */
  List<OpenWait> open(TenantId tenant, String eventName) {
    return query(OPEN_WAITS + " ORDER BY w.created_at, w.execution_id", tenant, eventName);
  }

  /** The open waits not yet checked against the buffered events, oldest first. */
  List<OpenWait> unchecked(TenantId tenant, String eventName) {
    return query(
        OPEN_WAITS + " AND NOT w.checked ORDER BY w.created_at, w.execution_id", tenant, eventName);
  }

  private List<OpenWait> query(String sql, TenantId tenant, String eventName) {
    return jdbc.sql(sql)
        .param("tenant", tenant.value())
        .param("eventName", eventName)
        .query(
            (rs, i) ->
                new OpenWait(
                    rs.getString(1),
                    RunId.of(rs.getString(2)),
                    rs.getString(3),
                    rs.getInt(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getBoolean(8)))
        .list();
  }

  /** (tenant, event name) of waits not checked yet, at most {@code limit}. */
  List<List<String>> uncheckedNames(int limit) {
    return jdbc.sql(
            "SELECT DISTINCT tenant, event_name FROM event_waits WHERE NOT checked LIMIT :limit")
        .param("limit", limit)
        .query((rs, i) -> List.of(rs.getString(1), rs.getString(2)))
        .list();
  }

  void resolve(TenantId tenant, String executionId, String storedEventId) {
    jdbc.sql(
            "UPDATE event_waits SET resolved_by = :storedId, checked = true"
                + " WHERE tenant = :tenant AND execution_id = :executionId")
        .param("storedId", storedEventId)
        .param("tenant", tenant.value())
        .param("executionId", executionId)
        .update();
  }

  /**
   * Marks these waits checked, and those of the name whose attempt no longer runs (nothing will
   * check them). Only the waits read under the lock are marked: one committed since was not checked
   * and must stay unchecked.
   */
  void checked(TenantId tenant, String eventName, List<String> executionIds) {
    jdbc.sql(
            "UPDATE event_waits w SET checked = true"
                + " WHERE w.tenant = :tenant AND w.event_name = :eventName AND NOT w.checked"
                + " AND (w.execution_id = ANY(:ids) OR NOT EXISTS (SELECT 1 FROM node_executions"
                + " ne WHERE ne.tenant = w.tenant AND ne.execution_id = w.execution_id"
                + " AND ne.status = 'RUNNING'))")
        .param("tenant", tenant.value())
        .param("eventName", eventName)
        .param("ids", executionIds.toArray(String[]::new))
        .update();
  }

  /** Deletes the waits whose attempt no longer runs (timed out, cancelled, superseded). */
  int deleteStale() {
    return jdbc.sql(
            "DELETE FROM event_waits w WHERE NOT EXISTS (SELECT 1 FROM node_executions ne"
                + " WHERE ne.tenant = w.tenant AND ne.execution_id = w.execution_id"
                + " AND ne.status = 'RUNNING')")
        .update();
  }
}
