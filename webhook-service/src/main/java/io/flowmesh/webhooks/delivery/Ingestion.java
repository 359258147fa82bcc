package io.flowmesh.webhooks.delivery;

import io.flowmesh.outbox.InboundEvent;
import io.flowmesh.outbox.UuidV7;
import io.flowmesh.webhooks.subscription.ActiveSubscription;
import io.flowmesh.webhooks.subscription.Subscriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns a poll's events into deliveries: one per matching active subscription of the event's
 * tenant, appended to the queue of (subscription, ordering key) in event order, all in one
 * transaction. The engine is woken right after commit.
 */
@Service
class Ingestion {

  private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

  private final Subscriptions subscriptions;
  private final DeliveryStore store;
  private final CloudEventJson cloudEvents;
  private final RetryPolicy policy;
  private final DeliveryEngine engine;

  Ingestion(
      Subscriptions subscriptions,
      DeliveryStore store,
      CloudEventJson cloudEvents,
      RetryPolicy policy,
      DeliveryEngine engine) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.cloudEvents = cloudEvents;
    this.policy = policy;
    this.engine = engine;
  }

  /**
   * Queues the events for their subscribers; events already queued are skipped.
   *
   * @return how many new deliveries were queued
   */
  @Transactional
  public int ingest(List<InboundEvent> events) {
    List<String> tenants =
        events.stream().map(InboundEvent::tenant).filter(Objects::nonNull).distinct().toList();
    Map<String, List<ActiveSubscription>> byTenant =
        subscriptions.activeFor(tenants).stream()
            .collect(Collectors.groupingBy(ActiveSubscription::tenant));
    List<NewDelivery> deliveries = new ArrayList<>();
    for (InboundEvent event : events) {
      if (event.tenant() == null) {
        log.warn("Skipping event {} of type {}: it has no tenant", event.id(), event.type());
        continue;
      }
      String orderingKey = orderingKey(event);
      String payload = null;
      for (ActiveSubscription subscription : byTenant.getOrDefault(event.tenant(), List.of())) {
        if (!subscription.filter().matches(event.type())) {
          continue;
        }
        if (payload == null) {
          payload = cloudEvents.render(event, orderingKey);
        }
        deliveries.add(
            new NewDelivery(
                event.tenant(),
                UuidV7.prefixed("whd"),
                subscription.id(),
                orderingKey,
                event.id(),
                event.type(),
                payload));
      }
    }
    if (deliveries.isEmpty()) {
      return 0;
    }
    int queued = store.append(deliveries, policy.firstDelay());
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            engine.wake();
          }
        });
    return queued;
  }

  /** The Kafka record key; an event without one is ordered by nothing but itself. */
  private static String orderingKey(InboundEvent event) {
    return event.key() != null ? event.key() : event.id();
  }
}
