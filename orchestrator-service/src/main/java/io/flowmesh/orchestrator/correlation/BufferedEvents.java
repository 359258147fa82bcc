package io.flowmesh.orchestrator.correlation;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Accepted events as the correlation keeps them: {@code correlation_events}, each event once by its
 * stored id for the buffer window (which is also what makes a redelivered event change nothing),
 * and {@code correlated_events}, which event resumed which node of which run, at most once per
 * (run, node, event), kept with the run.
 */
@Repository
class BufferedEvents {

  private final JdbcClient jdbc;

  BufferedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** An event as the buffer holds it: the CloudEvent as JSON. */
  record Buffered(String storedId, String eventName, String eventJson) {}

  /**
   * Buffers the events, received now.
   *
   * @return the stored ids of those not buffered before: a redelivered event is not new
   */
  Set<String> buffer(TenantId tenant, List<Buffered> events) {
    return new HashSet<>(
        jdbc.sql(
                "INSERT INTO correlation_events (tenant, stored_id, event_name, event,"
                    + " received_at) SELECT :tenant, e.stored_id, e.event_name,"
                    + " CAST(e.event AS jsonb), now() FROM unnest(CAST(:ids AS text[]),"
                    + " CAST(:names AS text[]), CAST(:events AS text[])) AS e(stored_id,"
                    + " event_name, event) ON CONFLICT DO NOTHING RETURNING stored_id")
            .param("tenant", tenant.value())
            .param("ids", events.stream().map(Buffered::storedId).toArray(String[]::new))
            .param("names", events.stream().map(Buffered::eventName).toArray(String[]::new))
            .param("events", events.stream().map(Buffered::eventJson).toArray(String[]::new))
            .query(String.class)
            .list());
  }

  /** The tenant's events of the name received within the window, earliest first. */
  List<Buffered> within(TenantId tenant, String eventName, Duration window) {
    return jdbc.sql(
            "SELECT stored_id, event_name, event::text FROM correlation_events"
                + " WHERE tenant = :tenant AND event_name = :eventName"
                + " AND received_at > now() - make_interval(secs => :seconds)"
                + " ORDER BY received_at, stored_id")
        .param("tenant", tenant.value())
        .param("eventName", eventName)
        .param("seconds", window.toMillis() / 1000.0)
        .query((rs, i) -> new Buffered(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  /**
   * Records that the event resumes the run's node.
   *
   * @param oncePerRun true for a buffered event and a wait recorded after it: it must not have
   *     resumed any node of the run (a later wait of the same run is not resumed by an event an
   *     earlier wait consumed)
   * @return false if it resumed that node of the run before (a redelivery, a node waiting again),
   *     or any node of it when {@code oncePerRun}
   */
  boolean correlate(
      TenantId tenant,
      RunId runId,
      String nodeId,
      String executionId,
      String id,
      boolean oncePerRun) {
    return jdbc.sql(
                "INSERT INTO correlated_events (tenant, run_id, node_id, stored_id,"
                    + " execution_id, correlated_at) SELECT :tenant, :runId, :nodeId, :storedId,"
                    + " :executionId, now() WHERE NOT :oncePerRun OR NOT EXISTS (SELECT 1 FROM"
                    + " correlated_events WHERE tenant = :tenant AND run_id = :runId"
                    + " AND stored_id = :storedId) ON CONFLICT DO NOTHING")
            .param("oncePerRun", oncePerRun)
            .param("tenant", tenant.value())
            .param("runId", runId.value())
            .param("nodeId", nodeId)
            .param("storedId", id)
            .param("executionId", executionId)
            .update()
        == 1;
  }

  /** Deletes the events received before the window. */
  int purge(Duration window) {
    return jdbc.sql(
            "DELETE FROM correlation_events"
                + " WHERE received_at <= now() - make_interval(secs => :seconds)")
        .param("seconds", window.toMillis() / 1000.0)
        .update();
  }
}
