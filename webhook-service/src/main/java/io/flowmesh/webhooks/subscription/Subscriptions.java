package io.flowmesh.webhooks.subscription;

import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/** The subscription operations the delivery engine uses. */
@Component
public class Subscriptions {

  private final SubscriptionRepository repository;

  Subscriptions(SubscriptionRepository repository) {
    this.repository = repository;
  }

  /** Active subscriptions of the given tenants. */
  public List<ActiveSubscription> activeFor(Collection<String> tenants) {
    if (tenants.isEmpty()) {
      return List.of();
    }
    return repository.activeFor(tenants);
  }

  /**
   * Stops a subscription from receiving events, e.g. after its endpoint answered 410 Gone.
   *
   * @return whether it was active until now
   */
  public boolean disable(String tenant, String id, String reason) {
    return repository.disable(tenant, id, reason);
  }
}
