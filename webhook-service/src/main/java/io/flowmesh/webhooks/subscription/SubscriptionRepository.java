package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.TenantId;
import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Subscriptions in PostgreSQL; every query is scoped to a tenant. */
@Repository
class SubscriptionRepository {

  private static final String COLUMNS =
      "tenant, id, url, event_types, secret, state, created_at, filter, ordering_key, rate_limit,"
          + " failure_policy, disabled_reason, version,"
          + " CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END"
          + " AS previous_secret_expires_at";

  private static final RowMapper<Subscription> ROW =
      (rs, i) ->
          new Subscription(
              TenantId.of(rs.getString("tenant")),
              SubscriptionId.of(rs.getString("id")),
              URI.create(rs.getString("url")),
              strings(rs.getArray("event_types")),
              rs.getString("secret"),
              SubscriptionState.valueOf(rs.getString("state")),
              rs.getTimestamp("created_at").toInstant(),
              new Subscription.Settings(
                  rs.getString("filter"),
                  rs.getString("ordering_key"),
                  (Integer) rs.getObject("rate_limit"),
                  FailurePolicy.valueOf(rs.getString("failure_policy"))),
              rs.getString("disabled_reason"),
              instant(rs, "previous_secret_expires_at"),
              rs.getLong("version"));

  private final JdbcClient jdbc;

  SubscriptionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Subscription subscription, String idempotencyKey) {
    Subscription.Settings settings = subscription.settings();
    jdbc.sql(
            "INSERT INTO subscriptions (tenant, id, url, event_types, secret, state,"
                + " idempotency_key, created_at, filter, ordering_key, rate_limit, failure_policy)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            subscription.tenant().value(),
            subscription.id().value(),
            subscription.url().toString(),
            subscription.eventTypes().toArray(String[]::new),
            subscription.secret(),
            subscription.state().name(),
            idempotencyKey,
            Timestamp.from(subscription.createdAt()),
            settings.filter(),
            settings.orderingKey(),
            settings.rateLimit(),
            settings.failurePolicy().name())
        .update();
  }

  Optional<Subscription> find(TenantId tenant, SubscriptionId id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions WHERE tenant = ? AND id = ?")
        .params(tenant.value(), id.value())
        .query(ROW)
        .optional();
  }

  Optional<Subscription> findByIdempotencyKey(TenantId tenant, String idempotencyKey) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM subscriptions WHERE tenant = ? AND idempotency_key = ?")
        .params(tenant.value(), idempotencyKey)
        .query(ROW)
        .optional();
  }

  /** Up to {@code limit} subscriptions with ids after {@code afterId} (null: from the start). */
  List<Subscription> list(TenantId tenant, SubscriptionId afterId, int limit) {
    String after = afterId == null ? null : afterId.value();
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM subscriptions WHERE tenant = ? AND (?::text IS NULL OR id > ?)"
                + " ORDER BY id LIMIT ?")
        .params(tenant.value(), after, after, limit)
        .query(ROW)
        .list();
  }

  /**
   * Replaces URL, event types and settings if the version still matches.
   *
   * @return whether it matched
   */
  boolean update(Subscription updated, long expectedVersion) {
    Subscription.Settings settings = updated.settings();
    return jdbc.sql(
                "UPDATE subscriptions SET url = ?, event_types = ?, filter = ?, ordering_key = ?,"
                    + " rate_limit = ?, failure_policy = ?, version = version + 1,"
                    + " updated_at = now() WHERE tenant = ? AND id = ? AND version = ?")
            .params(
                updated.url().toString(),
                updated.eventTypes().toArray(String[]::new),
                settings.filter(),
                settings.orderingKey(),
                settings.rateLimit(),
                settings.failurePolicy().name(),
                updated.tenant().value(),
                updated.id().value(),
                expectedVersion)
            .update()
        == 1;
  }

  boolean delete(TenantId tenant, SubscriptionId id) {
    return jdbc.sql("DELETE FROM subscriptions WHERE tenant = ? AND id = ?")
            .params(tenant.value(), id.value())
            .update()
        == 1;
  }

  List<ActiveSubscription> activeFor(Collection<TenantId> tenants) {
    return jdbc.sql(
            "SELECT id, tenant, event_types, filter, ordering_key FROM subscriptions"
                + " WHERE state = 'ACTIVE' AND tenant = ANY(?)")
        .params((Object) tenants.stream().map(TenantId::value).toArray(String[]::new))
        .query(
            (rs, i) ->
                new ActiveSubscription(
                    SubscriptionId.of(rs.getString("id")),
                    TenantId.of(rs.getString("tenant")),
                    EventTypeFilter.of(strings(rs.getArray("event_types"))),
                    rs.getString("filter"),
                    rs.getString("ordering_key")))
        .list();
  }

  Optional<Subscriptions.Endpoint> endpoint(TenantId tenant, SubscriptionId id) {
    return jdbc.sql(
            "SELECT url, secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret"
                + " END AS previous_secret FROM subscriptions WHERE tenant = ? AND id = ?")
        .params(tenant.value(), id.value())
        .query(
            (rs, i) -> {
              String previous = rs.getString("previous_secret");
              return new Subscriptions.Endpoint(
                  rs.getString("url"),
                  previous == null
                      ? List.of(rs.getString("secret"))
                      : List.of(rs.getString("secret"), previous));
            })
        .optional();
  }

  /** Disables an active subscription; returns its URL if it was active until now. */
  Optional<String> disable(TenantId tenant, SubscriptionId id, String reason) {
    return jdbc.sql(
            "UPDATE subscriptions SET state = 'DISABLED', disabled_reason = ?,"
                + " version = version + 1, updated_at = now()"
                + " WHERE tenant = ? AND id = ? AND state = 'ACTIVE' RETURNING url")
        .params(reason, tenant.value(), id.value())
        .query(String.class)
        .optional();
  }

  /** Enables a disabled subscription and forgets its failure history. */
  boolean enable(TenantId tenant, SubscriptionId id) {
    return jdbc.sql(
                "UPDATE subscriptions SET state = 'ACTIVE', disabled_reason = NULL,"
                    + " failing_since = NULL, version = version + 1, updated_at = now()"
                    + " WHERE tenant = ? AND id = ? AND state = 'DISABLED'")
            .params(tenant.value(), id.value())
            .update()
        == 1;
  }

  /** The new secret signs from now on; the current one also signs until {@code overlapUntil}. */
  boolean rotate(TenantId tenant, SubscriptionId id, String newSecret, Instant overlapUntil) {
    return jdbc.sql(
                "UPDATE subscriptions SET previous_secret = secret,"
                    + " previous_secret_expires_at = ?, secret = ?, version = version + 1,"
                    + " updated_at = now() WHERE tenant = ? AND id = ?")
            .params(Timestamp.from(overlapUntil), newSecret, tenant.value(), id.value())
            .update()
        == 1;
  }

  private static List<String> strings(Array array) throws SQLException {
    return List.of((String[]) array.getArray());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
