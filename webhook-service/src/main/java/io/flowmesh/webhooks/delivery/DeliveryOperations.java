package io.flowmesh.webhooks.delivery;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import io.flowmesh.webhooks.subscription.Subscriptions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Operator actions on queues: replay, replay dead letters, recover, unblock.
 *
 * <p>Replays append copies (new delivery ids, the same event and body) at the <em>end</em> of the
 * key's queue, never in front of what is queued: inserting in the middle could put two deliveries
 * of one key in flight at once. Only a blocked key's dead head is retried in place, because nothing
 * behind it has been sent or is in flight.
 */
@Service
class DeliveryOperations {

  private final JdbcClient jdbc;
  private final DeliveryStore store;
  private final DeliveryQueries queries;
  private final Subscriptions subscriptions;
  private final RetryPolicy policy;
  private final DeliveryEngine engine;
  private final OperationsProperties properties;

  DeliveryOperations(
      JdbcClient jdbc,
      DeliveryStore store,
      DeliveryQueries queries,
      Subscriptions subscriptions,
      RetryPolicy policy,
      DeliveryEngine engine,
      OperationsProperties properties) {
    this.jdbc = jdbc;
    this.store = store;
    this.queries = queries;
    this.subscriptions = subscriptions;
    this.policy = policy;
    this.engine = engine;
    this.properties = properties;
  }

  /** Appends a copy of one finished delivery to the end of its key's queue. */
  @Transactional
  DeliveryQueries.DeliveryView replay(TenantId tenant, DeliveryId deliveryId) {
    DeliveryQueries.DeliveryView delivery =
        queries
            .find(tenant, deliveryId)
            .orElseThrow(() -> new DeliveryNotFoundException(deliveryId));
    if (delivery.status().equals("PENDING")) {
      throw new DeliveryConflictException(
          "Webhook delivery '" + deliveryId + "' is still PENDING; it is sent in its turn.");
    }
    if (delivery.blocksKey()) {
      throw new DeliveryConflictException(
          "Webhook delivery '"
              + deliveryId
              + "' blocks its key '"
              + delivery.orderingKey()
              + "'; unblock the key with mode 'retry' to send it again in order.");
    }
    List<DeliveryId> copies =
        appendCopies(tenant, "d.tenant = ? AND d.id = ?", tenant.value(), deliveryId.value());
    if (copies.isEmpty()) {
      throw new DeliveryConflictException(
          "Webhook delivery '"
              + deliveryId
              + "' cannot be replayed: its event was never stored (e.g. over the payload limit).");
    }
    return queries.find(tenant, copies.getFirst()).orElseThrow();
  }

  // subscriptions.endpoint(...) below checks that the subscription is the tenant's (404 if not).

  /**
   * Appends copies of a subscription's dead letters not replayed before (optionally of one key), in
   * key order; a dead head that blocks its key is left to unblock.
   */
  @Transactional
  int replayDeadLetters(TenantId tenant, SubscriptionId subscriptionId, String key) {
    subscriptions.endpoint(tenant, subscriptionId);
    List<DeliveryId> copies =
        appendCopies(
            tenant,
            "d.tenant = ? AND d.subscription_id = ? AND d.status = 'DEAD' AND d.replayed_at IS"
                + " NULL AND (?::text IS NULL OR d.ordering_key = ?) AND NOT EXISTS (SELECT 1"
                + " FROM delivery_queues b WHERE b.subscription_id = d.subscription_id AND"
                + " b.ordering_key = d.ordering_key AND b.blocked_by = d.id)",
            tenant.value(),
            subscriptionId.value(),
            key,
            key);
    return copies.size();
  }

  /**
   * Appends copies of every delivery of the subscription queued since {@code since} that is no
   * longer pending (delivered or dead), key by key in their original order.
   */
  @Transactional
  int recover(TenantId tenant, SubscriptionId subscriptionId, Instant since) {
    subscriptions.endpoint(tenant, subscriptionId);
    return appendCopies(
            tenant,
            "d.tenant = ? AND d.subscription_id = ? AND d.replay_of IS NULL"
                + " AND d.status IN ('DELIVERED', 'DEAD') AND d.created_at >= ?",
            tenant.value(),
            subscriptionId.value(),
            Timestamp.from(since))
        .size();
  }

  /** Lets a blocked key go on, retrying or skipping its dead head. */
  @Transactional
  DeliveryQueries.DeliveryView unblock(
      TenantId tenant, SubscriptionId subscriptionId, String key, boolean retry) {
    subscriptions.endpoint(tenant, subscriptionId);
    DeliveryId blockedBy =
        store
            .unblock(tenant, subscriptionId, key, retry, policy.firstDelay())
            .orElseThrow(
                () ->
                    new DeliveryConflictException(
                        "Key '"
                            + key
                            + "' of webhook subscription '"
                            + subscriptionId
                            + "' is not blocked."));
    wakeAfterCommit();
    return queries.find(tenant, blockedBy).orElseThrow();
  }

  private List<DeliveryId> appendCopies(TenantId tenant, String where, Object... params) {
    List<Source> sources =
        jdbc.sql(
                "SELECT d.id, d.subscription_id, d.ordering_key, d.event_id, d.event_type,"
                    + " d.payload FROM deliveries d WHERE "
                    + where
                    + " AND d.payload <> '' ORDER BY d.ordering_key, d.seq LIMIT "
                    + properties.maxReplay())
            .params(params)
            .query(Source.class)
            .list();
    if (sources.isEmpty()) {
      return List.of();
    }
    List<NewDelivery> copies =
        sources.stream()
            .map(
                s ->
                    new NewDelivery(
                        tenant,
                        DeliveryId.of(UuidV7.prefixed("whd")),
                        SubscriptionId.of(s.subscriptionId()),
                        s.orderingKey(),
                        s.eventId(),
                        s.eventType(),
                        s.payload(),
                        null,
                        DeliveryId.of(s.id()),
                        null))
            .toList();
    store.append(copies, policy.firstDelay());
    jdbc.sql("UPDATE deliveries SET replayed_at = now() WHERE tenant = ? AND id = ANY(?)")
        .params(tenant.value(), sources.stream().map(Source::id).toArray(String[]::new))
        .update();
    wakeAfterCommit();
    return copies.stream().map(NewDelivery::id).toList();
  }

  private void wakeAfterCommit() {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            engine.wake();
          }
        });
  }

  /** A delivery to copy. */
  record Source(
      String id,
      String subscriptionId,
      String orderingKey,
      String eventId,
      String eventType,
      String payload) {}
}
