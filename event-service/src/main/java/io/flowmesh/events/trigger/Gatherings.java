package io.flowmesh.events.trigger;

import io.flowmesh.model.TenantId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The events triggers are gathering per key (debounce and batches) until they start a run. */
@Repository
class Gatherings {

  /** A trigger's gathered events for one key. */
  record Gathering(
      TenantId tenant,
      String triggerId,
      String key,
      List<String> eventIds,
      Instant firstAt,
      Instant dueAt) {}

  private static final String COLUMNS =
      "tenant, trigger_id, gather_key, event_ids, first_at, due_at";

  private final JdbcClient jdbc;

  Gatherings(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Debounce: the event replaces the one gathered for the key, and the quiet period starts again.
   *
   * @return the event it replaced, if one was waiting
   */
  Optional<String> debounce(
      TenantId tenant, String triggerId, String key, String eventId, Instant now, Instant due) {
    Optional<String> replaced =
        jdbc.sql(
                """
                SELECT event_ids[1] FROM trigger_gatherings
                WHERE tenant = :tenant AND trigger_id = :triggerId AND gather_key = :key
                FOR UPDATE
                """)
            .param("tenant", tenant.value())
            .param("triggerId", triggerId)
            .param("key", key)
            .query(String.class)
            .optional();
    jdbc.sql(
            """
            INSERT INTO trigger_gatherings
              (tenant, trigger_id, gather_key, event_ids, first_at, due_at)
            VALUES (:tenant, :triggerId, :key, ARRAY[CAST(:eventId AS text)], :now, :due)
            ON CONFLICT (tenant, trigger_id, gather_key)
            DO UPDATE SET event_ids = EXCLUDED.event_ids, due_at = EXCLUDED.due_at
            """)
        .param("tenant", tenant.value())
        .param("triggerId", triggerId)
        .param("key", key)
        .param("eventId", eventId)
        .param("now", Timestamp.from(now))
        .param("due", Timestamp.from(due))
        .update();
    return replaced;
  }

  /**
   * Batch: the event joins the key's batch; a new batch is due at {@code due}.
   *
   * @return how many events the batch holds now
   */
  int batch(
      TenantId tenant, String triggerId, String key, String eventId, Instant now, Instant due) {
    return jdbc.sql(
            """
            INSERT INTO trigger_gatherings
              (tenant, trigger_id, gather_key, event_ids, first_at, due_at)
            VALUES (:tenant, :triggerId, :key, ARRAY[CAST(:eventId AS text)], :now, :due)
            ON CONFLICT (tenant, trigger_id, gather_key)
            DO UPDATE SET event_ids = trigger_gatherings.event_ids || EXCLUDED.event_ids
            RETURNING cardinality(event_ids)
            """)
        .param("tenant", tenant.value())
        .param("triggerId", triggerId)
        .param("key", key)
        .param("eventId", eventId)
        .param("now", Timestamp.from(now))
        .param("due", Timestamp.from(due))
        .query(Integer.class)
        .single();
  }

  /** Takes the key's gathering out, to start its run now. */
  Optional<Gathering> take(TenantId tenant, String triggerId, String key) {
    return jdbc.sql(
            "DELETE FROM trigger_gatherings"
                + " WHERE tenant = :tenant AND trigger_id = :triggerId AND gather_key = :key"
                + " RETURNING "
                + COLUMNS)
        .param("tenant", tenant.value())
        .param("triggerId", triggerId)
        .param("key", key)
        .query(Gatherings::gathering)
        .optional();
  }

  /**
   * Takes out the gatherings due at {@code now}; those another replica is taking are skipped, so
   * each starts one run.
   */
  List<Gathering> takeDue(Instant now, int limit) {
    return jdbc.sql(
            """
            DELETE FROM trigger_gatherings WHERE (tenant, trigger_id, gather_key) IN (
              SELECT tenant, trigger_id, gather_key FROM trigger_gatherings
              WHERE due_at <= :now ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED)
            RETURNING \
            """
                + COLUMNS)
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(Gatherings::gathering)
        .list();
  }

  private static Gathering gathering(ResultSet rs, int row) throws SQLException {
    Array ids = rs.getArray("event_ids");
    return new Gathering(
        TenantId.of(rs.getString("tenant")),
        rs.getString("trigger_id"),
        rs.getString("gather_key"),
        Arrays.asList((String[]) ids.getArray()),
        rs.getTimestamp("first_at").toInstant(),
        rs.getTimestamp("due_at").toInstant());
  }
}
