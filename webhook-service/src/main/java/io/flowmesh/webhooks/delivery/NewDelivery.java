package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.TenantId;
import io.flowmesh.webhooks.subscription.SubscriptionId;

/**
 * A delivery to queue: one event for one subscription. Its sequence number is drawn when it is
 * stored.
 *
 * @param deadOnArrival why it can never be sent (e.g. too large), stored as a dead letter; null for
 *     a normal delivery
 * @param traceparent the trace context of the event it delivers; may be null
 */
record NewDelivery(
    TenantId tenant,
    DeliveryId id,
    SubscriptionId subscriptionId,
    String orderingKey,
    String eventId,
    String eventType,
    String payload,
    String deadOnArrival,
    DeliveryId replayOf,
    String traceparent) {}
