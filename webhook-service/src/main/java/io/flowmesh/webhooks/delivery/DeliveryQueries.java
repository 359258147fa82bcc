package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read side of the operations API; every query filters by tenant. */
@Repository
class DeliveryQueries {

  private static final String DELIVERY_COLUMNS =
      "d.id, d.subscription_id, d.ordering_key, d.seq, d.event_id, d.event_type, d.status,"
          + " d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.delivered_at,"
          + " d.replay_of, (q.blocked_by = d.id) AS blocking";

  private final JdbcClient jdbc;

  DeliveryQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A delivery as operators see it.
   *
   * @param id the delivery id ({@code webhook-id})
   * @param subscriptionId its subscription
   * @param orderingKey its key
   * @param seq its position in the key's queue
   * @param eventId the CloudEvents id
   * @param eventType the CloudEvents type
   * @param status PENDING, DELIVERED or DEAD
   * @param attempts attempts made
   * @param nextAttemptAt when the next attempt is due (or its lease ends), null if not scheduled
   * @param lastError why the last attempt failed
   * @param createdAt when it was queued
   * @param deliveredAt when the endpoint confirmed it
   * @param replayOf the delivery it replays, null for an original
   * @param blocksKey whether this dead delivery blocks its key (failure policy block)
   */
  record DeliveryView(
      String id,
      String subscriptionId,
      String orderingKey,
      long seq,
      String eventId,
      String eventType,
      String status,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant createdAt,
      Instant deliveredAt,
      String replayOf,
      boolean blocksKey) {}

  /**
   * One attempt.
   *
   * @param attempt the attempt number (restarts after an operator retry of a blocked key)
   * @param attemptedAt when it started
   * @param statusCode the HTTP status, null without a response
   * @param latencyMs how long it took
   * @param responseExcerpt the start of the response body
   * @param error why it failed, null on success
   */
  record AttemptView(
      long cursorId,
      int attempt,
      Instant attemptedAt,
      Integer statusCode,
      long latencyMs,
      String responseExcerpt,
      String error) {}

  /**
   * One key's queue.
   *
   * @param key the ordering key
   * @param pending deliveries waiting (including the head in flight)
   * @param oldestPendingAt when the oldest waiting delivery was queued, null if none
   * @param oldestPendingAgeSeconds how long it has waited, 0 if none
   * @param blockedBy the dead delivery blocking the key, null if not blocked
   */
  record KeyView(
      String key,
      long pending,
      Instant oldestPendingAt,
      long oldestPendingAgeSeconds,
      String blockedBy) {}

  Optional<DeliveryView> find(TenantId tenant, DeliveryId id) {
    return jdbc.sql(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM deliveries d LEFT JOIN delivery_queues q ON q.subscription_id ="
                + " d.subscription_id AND q.ordering_key = d.ordering_key"
                + " WHERE d.tenant = ? AND d.id = ?")
        .params(tenant.value(), id.value())
        .query((rs, i) -> delivery(rs))
        .optional();
  }

  Page<DeliveryView> list(
      TenantId tenant, SubscriptionId subscriptionId, String key, String status, PageRequest page) {
    List<DeliveryView> rows =
        jdbc.sql(
                "SELECT "
                    + DELIVERY_COLUMNS
                    + " FROM deliveries d LEFT JOIN delivery_queues q ON q.subscription_id ="
                    + " d.subscription_id AND q.ordering_key = d.ordering_key"
                    + " WHERE d.tenant = ? AND d.subscription_id = ?"
                    + " AND (?::text IS NULL OR d.ordering_key = ?)"
                    + " AND (?::text IS NULL OR d.status = ?) AND d.id > ?"
                    + " ORDER BY d.id LIMIT ?")
            .params(
                tenant.value(),
                subscriptionId.value(),
                key,
                key,
                status,
                status,
                page.after(),
                page.fetchSize())
            .query((rs, i) -> delivery(rs))
            .list();
    return page.page(rows, DeliveryView::id);
  }

  Page<AttemptView> attempts(TenantId tenant, DeliveryId deliveryId, PageRequest page) {
    long after;
    try {
      after = page.after().isEmpty() ? 0 : Long.parseLong(page.after());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("cursor", "is not a cursor returned by this endpoint");
    }
    List<AttemptView> rows =
        jdbc.sql(
                "SELECT id, attempt, attempted_at, status_code, latency_ms, response_excerpt,"
                    + " error FROM delivery_attempts WHERE tenant = ? AND delivery_id = ?"
                    + " AND id > ? ORDER BY id LIMIT ?")
            .params(tenant.value(), deliveryId.value(), after, page.fetchSize())
            .query(
                (rs, i) ->
                    new AttemptView(
                        rs.getLong("id"),
                        rs.getInt("attempt"),
                        rs.getTimestamp("attempted_at").toInstant(),
                        (Integer) rs.getObject("status_code"),
                        rs.getLong("latency_ms"),
                        rs.getString("response_excerpt"),
                        rs.getString("error")))
            .list();
    return page.page(rows, a -> Long.toString(a.cursorId()));
  }

  /**
   * Keys of a subscription in key order: those with a backlog or blocked ({@code all} false), or
   * every key that ever had a delivery.
   */
  Page<KeyView> keys(
      TenantId tenant,
      SubscriptionId subscriptionId,
      boolean all,
      boolean blockedOnly,
      PageRequest page) {
    List<KeyView> rows =
        jdbc.sql(
                "SELECT q.ordering_key, q.blocked_by, p.pending, p.oldest,"
                    + " coalesce(extract(epoch FROM now() - p.oldest)::bigint, 0) AS age"
                    + " FROM delivery_queues q CROSS JOIN LATERAL ("
                    + "   SELECT count(*) AS pending, min(created_at) AS oldest FROM deliveries d"
                    + "   WHERE d.subscription_id = q.subscription_id"
                    + "   AND d.ordering_key = q.ordering_key AND d.status = 'PENDING') p"
                    + " WHERE q.tenant = ? AND q.subscription_id = ? AND q.ordering_key > ?"
                    + " AND (NOT ? OR q.blocked_by IS NOT NULL)"
                    + " AND (? OR p.pending > 0 OR q.blocked_by IS NOT NULL)"
                    + " ORDER BY q.ordering_key LIMIT ?")
            .params(
                tenant.value(),
                subscriptionId.value(),
                page.after(),
                blockedOnly,
                all,
                page.fetchSize())
            .query(
                (rs, i) ->
                    new KeyView(
                        rs.getString("ordering_key"),
                        rs.getLong("pending"),
                        instant(rs, "oldest"),
                        rs.getLong("age"),
                        rs.getString("blocked_by")))
            .list();
    return page.page(rows, KeyView::key);
  }

  private static DeliveryView delivery(ResultSet rs) throws SQLException {
    return new DeliveryView(
        rs.getString("id"),
        rs.getString("subscription_id"),
        rs.getString("ordering_key"),
        rs.getLong("seq"),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getString("status"),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        instant(rs, "created_at"),
        instant(rs, "delivered_at"),
        rs.getString("replay_of"),
        rs.getBoolean("blocking"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
