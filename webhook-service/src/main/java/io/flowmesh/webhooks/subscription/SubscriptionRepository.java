package io.flowmesh.webhooks.subscription;

import java.net.URI;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Subscriptions in PostgreSQL; every query is scoped to a tenant. */
@Repository
class SubscriptionRepository {

  private static final String COLUMNS = "tenant, id, url, event_types, secret, state, created_at";

  private static final RowMapper<Subscription> ROW =
      (rs, i) ->
          new Subscription(
              rs.getString("tenant"),
              rs.getString("id"),
              URI.create(rs.getString("url")),
              strings(rs.getArray("event_types")),
              rs.getString("secret"),
              SubscriptionState.valueOf(rs.getString("state")),
              rs.getTimestamp("created_at").toInstant());

  private final JdbcClient jdbc;

  SubscriptionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Subscription subscription, String idempotencyKey) {
    jdbc.sql(
            "INSERT INTO subscriptions (tenant, id, url, event_types, secret, state,"
                + " idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            subscription.tenant(),
            subscription.id(),
            subscription.url().toString(),
            subscription.eventTypes().toArray(String[]::new),
            subscription.secret(),
            subscription.state().name(),
            idempotencyKey,
            Timestamp.from(subscription.createdAt()))
        .update();
  }

  Optional<Subscription> find(String tenant, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions WHERE tenant = ? AND id = ?")
        .params(tenant, id)
        .query(ROW)
        .optional();
  }

  Optional<Subscription> findByIdempotencyKey(String tenant, String idempotencyKey) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM subscriptions WHERE tenant = ? AND idempotency_key = ?")
        .params(tenant, idempotencyKey)
        .query(ROW)
        .optional();
  }

  /** Up to {@code limit} subscriptions with ids after {@code afterId} (null: from the start). */
  List<Subscription> list(String tenant, String afterId, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM subscriptions WHERE tenant = ? AND (?::text IS NULL OR id > ?)"
                + " ORDER BY id LIMIT ?")
        .params(tenant, afterId, afterId, limit)
        .query(ROW)
        .list();
  }

  boolean delete(String tenant, String id) {
    return jdbc.sql("DELETE FROM subscriptions WHERE tenant = ? AND id = ?")
            .params(tenant, id)
            .update()
        == 1;
  }

  List<ActiveSubscription> activeFor(Collection<String> tenants) {
    return jdbc.sql(
            "SELECT id, tenant, event_types FROM subscriptions"
                + " WHERE state = 'ACTIVE' AND tenant = ANY(?)")
        .params((Object) tenants.toArray(String[]::new))
        .query(
            (rs, i) ->
                new ActiveSubscription(
                    rs.getString("id"),
                    rs.getString("tenant"),
                    EventTypeFilter.of(strings(rs.getArray("event_types")))))
        .list();
  }

  boolean disable(String tenant, String id, String reason) {
    return jdbc.sql(
                "UPDATE subscriptions SET state = 'DISABLED', disabled_reason = ?"
                    + " WHERE tenant = ? AND id = ? AND state = 'ACTIVE'")
            .params(reason, tenant, id)
            .update()
        == 1;
  }

  private static List<String> strings(Array array) throws SQLException {
    return List.of((String[]) array.getArray());
  }
}
