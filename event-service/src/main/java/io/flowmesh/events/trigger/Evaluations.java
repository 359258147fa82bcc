package io.flowmesh.events.trigger;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The record of every trigger evaluation: what each event started, or why not. */
@Repository
public class Evaluations {

  private static final String COLUMNS =
      "trigger_id, event_id, outcome, run_id, reason, evaluated_at";

  private final JdbcClient jdbc;

  Evaluations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records evaluations; one that exists already (the same trigger and event) is kept. */
  void insert(TenantId tenant, List<Evaluation> evaluations) {
    if (evaluations.isEmpty()) {
      return;
    }
    int n = evaluations.size();
    String[][] columns = new String[5][n];
    Timestamp[] times = new Timestamp[n];
    for (int i = 0; i < n; i++) {
      Evaluation e = evaluations.get(i);
      columns[0][i] = e.triggerId();
      columns[1][i] = e.eventId();
      columns[2][i] = e.outcome();
      columns[3][i] = e.runId();
      columns[4][i] = e.reason();
      times[i] = Timestamp.from(e.evaluatedAt());
    }
    jdbc.sql(
            """
            INSERT INTO trigger_evaluations
              (tenant, trigger_id, event_id, outcome, run_id, reason, evaluated_at)
            SELECT :tenant, e.* FROM unnest(CAST(:triggers AS text[]), CAST(:events AS text[]),
              CAST(:outcomes AS text[]), CAST(:runs AS text[]), CAST(:reasons AS text[]),
              CAST(:times AS timestamptz[])) AS e
            ON CONFLICT DO NOTHING
            """)
        .param("tenant", tenant.value())
        .param("triggers", columns[0])
        .param("events", columns[1])
        .param("outcomes", columns[2])
        .param("runs", columns[3])
        .param("reasons", columns[4])
        .param("times", times)
        .update();
  }

  /** Marks the start a trigger asked for as refused by the orchestrator. */
  public void refused(TenantId tenant, String runId, String reason) {
    jdbc.sql(
            """
            UPDATE trigger_evaluations SET outcome = 'refused', reason = :reason
            WHERE tenant = :tenant AND run_id = :runId AND outcome = 'started'
            """)
        .param("tenant", tenant.value())
        .param("runId", runId)
        .param("reason", reason)
        .update();
  }

  /** What the event triggered, in trigger order. */
  public List<Evaluation> ofEvent(TenantId tenant, String eventId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM trigger_evaluations WHERE tenant = :tenant AND event_id = :eventId"
                + " ORDER BY trigger_id")
        .param("tenant", tenant.value())
        .param("eventId", eventId)
        .query(Evaluations::evaluation)
        .list();
  }

  /** The trigger's evaluations, oldest event first, after the page's cursor (an event id). */
  List<Evaluation> ofTrigger(TenantId tenant, String triggerId, PageRequest page) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM trigger_evaluations WHERE tenant = :tenant AND trigger_id = :triggerId"
                + " AND event_id > :after ORDER BY event_id LIMIT :limit")
        .param("tenant", tenant.value())
        .param("triggerId", triggerId)
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(Evaluations::evaluation)
        .list();
  }

  private static Evaluation evaluation(ResultSet rs, int row) throws SQLException {
    return new Evaluation(
        rs.getString("trigger_id"),
        rs.getString("event_id"),
        rs.getString("outcome"),
        rs.getString("run_id"),
        rs.getString("reason"),
        rs.getTimestamp("evaluated_at").toInstant());
  }
}
