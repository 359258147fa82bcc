package io.flowmesh.webhooks.delivery;

import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.webhook.WebhookDeliveryDeadLettered;
import io.flowmesh.webhooks.subscription.ActiveSubscription;
import io.flowmesh.webhooks.subscription.CelExpressions;
import io.flowmesh.webhooks.subscription.Subscriptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final long maxPayloadBytes;

  Ingestion(
      Subscriptions subscriptions,
      DeliveryStore store,
      CloudEventJson cloudEvents,
      RetryPolicy policy,
      DeliveryEngine engine,
      DeliveryProperties properties) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.cloudEvents = cloudEvents;
    this.policy = policy;
    this.engine = engine;
    this.maxPayloadBytes = properties.maxPayloadSize().toBytes();
  }

  /**
   * The active subscriptions of these tenants, by tenant; read before (and outside) the ingesting
   * transaction, so that a poll nobody subscribed to costs one query and no transaction.
   */
  public Map<TenantId, List<ActiveSubscription>> subscribersOf(Collection<TenantId> tenants) {
    return subscriptions.activeFor(tenants).stream()
        .collect(Collectors.groupingBy(ActiveSubscription::tenant));
  }

  /**
   * Queues the events for their subscribers; events already queued are skipped.
   *
   * @param byTenant the events' tenants' active subscriptions, from {@link #subscribersOf}
   * @return how many new deliveries were queued
   */
  @Transactional
  public int ingest(List<InboundEvent> events, Map<TenantId, List<ActiveSubscription>> byTenant) {
    List<NewDelivery> deliveries = new ArrayList<>();
    for (InboundEvent event : events) {
      TenantId tenant = tenantOf(event.tenant());
      if (tenant == null) {
        log.warn("Skipping event {} of type {}: it has no tenant", event.id(), event.type());
        continue;
      }
      Map<String, Object> celEvent = null;
      Map<String, String> payloadByKey = new HashMap<>(2);
      for (ActiveSubscription subscription : byTenant.getOrDefault(tenant, List.of())) {
        if (!subscription.filter().matches(event.type())) {
          continue;
        }
        if (celEvent == null
            && (subscription.celFilter() != null || subscription.orderingKey() != null)) {
          celEvent = cloudEvents.celView(event);
        }
        if (subscription.celFilter() != null
            && !CelExpressions.matches(subscription.celFilter(), celEvent)) {
          continue;
        }
        String orderingKey = orderingKey(event, subscription, celEvent);
        String payload =
            payloadByKey.computeIfAbsent(orderingKey, key -> cloudEvents.render(event, key));
        int size = payload.getBytes(StandardCharsets.UTF_8).length;
        String tooLarge =
            size > maxPayloadBytes
                ? "payload of "
                    + size
                    + " bytes exceeds the limit of "
                    + maxPayloadBytes
                    + " bytes (flowmesh.webhooks.delivery.max-payload-size)"
                : null;
        deliveries.add(
            new NewDelivery(
                tenant,
                DeliveryId.of(UuidV7.prefixed("whd")),
                subscription.id(),
                orderingKey,
                event.id(),
                event.type(),
                // A too-large payload is not stored: the dead letter keeps what identifies it.
                tooLarge == null ? payload : "",
                tooLarge,
                null,
                event.traceparent()));
      }
    }
    if (deliveries.isEmpty()) {
      return 0;
    }
    Set<DeliveryId> queued = store.append(deliveries, policy.firstDelay());
    for (NewDelivery delivery : deliveries) {
      if (delivery.deadOnArrival() != null && queued.contains(delivery.id())) {
        log.warn(
            "Webhook delivery {} of event {} is a dead letter on arrival: {}",
            delivery.id(),
            delivery.eventId(),
            delivery.deadOnArrival());
        store.deadLettered(
            delivery.tenant(),
            new WebhookDeliveryDeadLettered(
                delivery.subscriptionId().value(),
                delivery.id().value(),
                delivery.orderingKey(),
                delivery.eventId(),
                delivery.eventType(),
                0,
                delivery.deadOnArrival(),
                false,
                Instant.now()));
      }
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            engine.wake();
          }
        });
    return queued.size();
  }

  /** The tenant an event names, or null if it names none (no attribute, or a blank one). */
  static TenantId tenantOf(String tenant) {
    return tenant == null || tenant.isBlank() ? null : TenantId.of(tenant);
  }

  /**
   * The subscription's ordering key expression's value, else the Kafka record key; an event without
   * one is ordered by nothing but itself. An expression that fails on an event falls back to the
   * record key, so the event is still delivered (in that key's order).
   */
  private static String orderingKey(
      InboundEvent event, ActiveSubscription subscription, Map<String, Object> celEvent) {
    String recordKey = event.key() != null ? event.key() : event.id();
    if (subscription.orderingKey() == null) {
      return recordKey;
    }
    return CelExpressions.key(subscription.orderingKey(), celEvent)
        .orElseGet(
            () -> {
              log.warn(
                  "Ordering key expression of subscription {} failed on event {}; using the"
                      + " record key",
                  subscription.id(),
                  event.id());
              return recordKey;
            });
  }
}
