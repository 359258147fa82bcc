package io.flowmesh.webhooks.delivery;

/**
 * A delivery to queue: one event for one subscription. Its sequence number is drawn when it is
 * stored.
 */
record NewDelivery(
    String tenant,
    String id,
    String subscriptionId,
    String orderingKey,
    String eventId,
    String eventType,
    String payload) {}
