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
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The subscription operations the delivery engine uses. */
@Component
public class Subscriptions {

  private final SubscriptionRepository repository;
  private final Outbox outbox;

  Subscriptions(SubscriptionRepository repository, Outbox outbox) {
    this.repository = repository;
    this.outbox = outbox;
  }

  /** Active subscriptions of the given tenants. */
  public List<ActiveSubscription> activeFor(Collection<TenantId> tenants) {
    if (tenants.isEmpty()) {
      return List.of();
    }
    return repository.activeFor(tenants);
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
    return repository.endpoint(tenant, id).orElseThrow(() -> new SubscriptionNotFoundException(id));
  }

  /**
   * Stops a subscription from receiving events because of its endpoint (410 Gone, failing too long)
   * and tells operators with a platform event, in one transaction.
   *
   * @return whether it was active until now
   */
  @Transactional
  public boolean disable(TenantId tenant, SubscriptionId id, String reason) {
    Optional<String> url = repository.disable(tenant, id, reason);
    url.ifPresent(
        endpoint ->
            outbox.append(
                new OutboxMessage(
                    Topics.PLATFORM_EVENTS,
                    id.value(),
                    EventTypes.WEBHOOK_SUBSCRIPTION_DISABLED,
                    id.value(),
                    tenant.value(),
                    new WebhookSubscriptionDisabled(id.value(), endpoint, reason, Instant.now()))));
    return url.isPresent();
  }
}
