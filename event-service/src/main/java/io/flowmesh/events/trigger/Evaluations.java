package io.flowmesh.events.trigger;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The record of every trigger evaluation: what each event started, or why not. */
@Repository
public class Evaluations {

  private static final String COLUMNS =
      "trigger_id, event_id, outcome, run_id, reason, evaluated_at, replay_id";

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
    String[][] columns = new String[6][n];
    Timestamp[] times = new Timestamp[n];
    for (int i = 0; i < n; i++) {
      Evaluation e = evaluations.get(i);
      columns[0][i] = e.triggerId();
      columns[1][i] = e.eventId();
      columns[2][i] = e.outcome();
      columns[3][i] = e.runId();
      columns[4][i] = e.reason();
      columns[5][i] = e.replayId() == null ? "" : e.replayId();
      times[i] = Timestamp.from(e.evaluatedAt());
    }
    jdbc.sql(
            """
            INSERT INTO trigger_evaluations
              (tenant, trigger_id, event_id, outcome, run_id, reason, replay_id, evaluated_at)
            SELECT :tenant, e.* FROM unnest(CAST(:triggers AS text[]), CAST(:events AS text[]),
              CAST(:outcomes AS text[]), CAST(:runs AS text[]), CAST(:reasons AS text[]),
              CAST(:replays AS text[]), CAST(:times AS timestamptz[])) AS e
            ON CONFLICT DO NOTHING
            """)
        .param("tenant", tenant.value())
        .param("triggers", columns[0])
        .param("events", columns[1])
        .param("outcomes", columns[2])
        .param("runs", columns[3])
        .param("reasons", columns[4])
        .param("replays", columns[5])
        .param("times", times)
        .update();
  }

  /** The gathered events' evaluations once their debounce or batch has come to something. */
  void gathered(
      TenantId tenant,
      String triggerId,
      List<String> eventIds,
      String outcome,
      String runId,
      String reason) {
    jdbc.sql(
            """
            UPDATE trigger_evaluations SET outcome = :outcome, run_id = :runId, reason = :reason
            WHERE tenant = :tenant AND trigger_id = :triggerId AND replay_id = ''
              AND event_id = ANY(CAST(:events AS text[]))
            """)
        .param("tenant", tenant.value())
        .param("triggerId", triggerId)
        .param("events", eventIds.toArray(String[]::new))
        .param("outcome", outcome)
        .param("runId", runId)
        .param("reason", reason)
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

  /**
   * Which of the events the triggers have evaluated already (first evaluations, not replays'), as
   * {@code triggerId + '/' + eventId}.
   */
  Set<String> evaluated(TenantId tenant, List<String> eventIds, List<String> triggerIds) {
    return Set.copyOf(
        jdbc.sql(
                """
                SELECT trigger_id || '/' || event_id FROM trigger_evaluations
                WHERE tenant = :tenant AND replay_id = ''
                  AND event_id = ANY(CAST(:events AS text[]))
                  AND trigger_id = ANY(CAST(:triggers AS text[]))
                """)
            .param("tenant", tenant.value())
            .param("events", eventIds.toArray(String[]::new))
            .param("triggers", triggerIds.toArray(String[]::new))
            .query(String.class)
            .list());
  }

  /** What the event triggered, in trigger order. */
  public List<Evaluation> ofEvent(TenantId tenant, String eventId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM trigger_evaluations WHERE tenant = :tenant AND event_id = :eventId"
                + " ORDER BY trigger_id, replay_id")
        .param("tenant", tenant.value())
        .param("eventId", eventId)
        .query(Evaluations::evaluation)
        .list();
  }

  /**
   * The trigger's evaluations, oldest event first, after the page's cursor ({@link
   * Evaluation#cursor}: an event id and a replay id).
   */
  List<Evaluation> ofTrigger(TenantId tenant, String triggerId, PageRequest page) {
    String after = page.after();
    int slash = after.indexOf('/');
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM trigger_evaluations WHERE tenant = :tenant AND trigger_id = :triggerId"
                + " AND (event_id, replay_id) > (:afterEvent, :afterReplay)"
                + " ORDER BY event_id, replay_id LIMIT :limit")
        .param("tenant", tenant.value())
        .param("triggerId", triggerId)
        .param("afterEvent", slash < 0 ? after : after.substring(0, slash))
        .param("afterReplay", slash < 0 ? "" : after.substring(slash + 1))
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
        rs.getTimestamp("evaluated_at").toInstant(),
        rs.getString("replay_id").isEmpty() ? null : rs.getString("replay_id"));
  }
}
