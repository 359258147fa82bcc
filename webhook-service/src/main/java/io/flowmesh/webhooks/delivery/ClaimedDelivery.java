package io.flowmesh.webhooks.delivery;

import java.time.Instant;

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
 */
record ClaimedDelivery(
    String id,
    String tenant,
    String subscriptionId,
    String orderingKey,
    long seq,
    int attempt,
    String payload,
    Instant createdAt,
    String url,
    String secret) {}
