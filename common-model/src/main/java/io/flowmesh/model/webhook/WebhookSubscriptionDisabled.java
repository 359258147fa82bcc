package io.flowmesh.model.webhook;

import java.time.Instant;

/**
 * The platform disabled a webhook subscription; its queued deliveries wait until it is enabled.
 *
 * @param subscriptionId the subscription
 * @param url its endpoint
 * @param reason why, e.g. the endpoint answered 410 Gone or failed for longer than allowed
 * @param disabledAt when
 */
public record WebhookSubscriptionDisabled(
    String subscriptionId, String url, String reason, Instant disabledAt) {}
