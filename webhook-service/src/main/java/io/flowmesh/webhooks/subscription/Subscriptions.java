package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.webhook.WebhookSubscriptionDisabled;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subscription operations the delivery engine uses. {@link #activeFor} runs for every poll of
 * run events, so it stays one hand-written query (ADR 0031).
 */
@Component
public class Subscriptions {

  private final SubscriptionRepository repository;
  private final JdbcClient jdbc;
  private final Outbox outbox;

  Subscriptions(SubscriptionRepository repository, JdbcClient jdbc, Outbox outbox) {
    this.repository = repository;
    this.jdbc = jdbc;
    this.outbox = outbox;
  }

  /** Active subscriptions of the given tenants. */
  public List<ActiveSubscription> activeFor(Collection<TenantId> tenants) {
    if (tenants.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT id, tenant, event_types, filter, ordering_key FROM subscriptions
            WHERE state = 'ACTIVE' AND tenant = ANY(?)
            """)
        .params((Object) tenants.stream().map(TenantId::value).toArray(String[]::new))
        .query(
            (rs, i) ->
                new ActiveSubscription(
                    SubscriptionId.of(rs.getString("id")),
                    TenantId.of(rs.getString("tenant")),
                    EventTypeFilter.of(List.of((String[]) rs.getArray("event_types").getArray())),
                    rs.getString("filter"),
                    rs.getString("ordering_key")))
        .list();
  }

  /**
   * Where and how to send to a subscription, for a test send.
   *
   * @param url the endpoint
   * @param secrets the signing secrets, the current one first
   */
  public record Endpoint(String url, List<String> secrets) {}

  /** The subscription's endpoint; throws {@link SubscriptionNotFoundException} if unknown. */
  public Endpoint endpoint(TenantId tenant, SubscriptionId id) {
    return repository
        .findByTenantAndId(tenant, id)
        .map(s -> new Endpoint(s.url().toString(), s.signingSecrets()))
        .orElseThrow(() -> new SubscriptionNotFoundException(id));
  }

  /**
   * Stops a subscription from receiving events because of its endpoint (410 Gone, failing too long)
   * and tells operators with a platform event, in one transaction.
   *
   * @return whether it was active until now
   */
  @Transactional
  public boolean disable(TenantId tenant, SubscriptionId id, String reason) {
    if (!repository.disable(tenant, id, reason)) {
      return false;
    }
    // read in the disabling transaction, which holds the row's lock
    String url = repository.findByTenantAndId(tenant, id).orElseThrow().url().toString();
    outbox.append(
        new OutboxMessage(
            Topics.PLATFORM_EVENTS,
            id.value(),
            EventTypes.WEBHOOK_SUBSCRIPTION_DISABLED,
            id.value(),
            tenant.value(),
            new WebhookSubscriptionDisabled(id.value(), url, reason, Instant.now())));
    return true;
  }
}
