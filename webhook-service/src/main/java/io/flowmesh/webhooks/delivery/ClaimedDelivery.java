package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.TenantId;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a queue, claimed for one attempt.
 *
 * @param id the delivery id, sent as {@code webhook-id}
 * @param tenant its tenant
 * @param subscriptionId its subscription
 * @param orderingKey its queue's key
 * @param seq its position in the queue
 * @param attempt the number of this attempt, 1-based; also the claim's fencing token
 * @param payload the request body
 * @param createdAt when it was queued
 * @param url the subscription's endpoint
 * @param secret the subscription's signing secret
 * @param previousSecret the secret before the last rotation while it still signs, else null
 * @param eventId the CloudEvents id it carries
 * @param eventType the CloudEvents type it carries
 * @param blockOnDeath whether the key blocks if this delivery dies (failure policy block)
 * @param rateLimit the subscription's deliveries per second, null for unlimited
 * @param endpointFailing whether the endpoint's last attempt failed (its health needs a reset)
 * @param traceparent the trace context of the event it delivers, parent of each attempt's span; may
 *     be null
 */
record ClaimedDelivery(
    DeliveryId id,
    TenantId tenant,
    SubscriptionId subscriptionId,
    String orderingKey,
    long seq,
    int attempt,
    String payload,
    Instant createdAt,
    String url,
    String secret,
    String previousSecret,
    String eventId,
    String eventType,
    boolean blockOnDeath,
    Integer rateLimit,
    boolean endpointFailing,
    String traceparent) {

  /** The secrets to sign with: the current one first, then the rotated-out one. */
  List<String> secrets() {
    List<String> secrets = new ArrayList<>(2);
    secrets.add(secret);
    if (previousSecret != null) {
      secrets.add(previousSecret);
    }
    return secrets;
  }
}
