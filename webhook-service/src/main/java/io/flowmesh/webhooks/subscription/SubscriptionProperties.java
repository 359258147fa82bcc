package io.flowmesh.webhooks.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Subscription settings.
 *
 * @param secretOverlap how long the previous secret keeps signing after a rotation when the request
 *     names no overlap
 * @param maxSecretOverlap the longest overlap a rotation request may ask for
 * @param maxRateLimit the highest rate limit (deliveries per second) a subscription may set
 */
@ConfigurationProperties("flowmesh.webhooks.subscriptions")
public record SubscriptionProperties(
    @DefaultValue("24h") Duration secretOverlap,
    @DefaultValue("7d") Duration maxSecretOverlap,
    @DefaultValue("10000") int maxRateLimit) {}
