package io.flowmesh.model.webhook;

import java.time.Instant;

/**
 * A webhook delivery became a dead letter.
 *
 * @param subscriptionId the subscription
 * @param deliveryId the delivery (its {@code webhook-id})
 * @param orderingKey the key of its queue
 * @param eventId the CloudEvents id of the event it carried
 * @param eventType the CloudEvents type of that event
 * @param attempts how many attempts were made
 * @param lastError why the last attempt (or the delivery) failed
 * @param keyBlocked whether the key now waits for an operator (failure policy {@code block})
 * @param deadAt when it became a dead letter
 */
public record WebhookDeliveryDeadLettered(
    String subscriptionId,
    String deliveryId,
    String orderingKey,
    String eventId,
    String eventType,
    int attempts,
    String lastError,
    boolean keyBlocked,
    Instant deadAt) {}
