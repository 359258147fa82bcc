package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.TenantId;

/**
 * What ingestion needs to know of an active subscription.
 *
 * @param id the subscription
 * @param tenant its tenant
 * @param filter its event type filters
 * @param celFilter its CEL filter, null for none
 * @param orderingKey its CEL ordering-key expression, null for the Kafka record key
 */
public record ActiveSubscription(
    SubscriptionId id,
    TenantId tenant,
    EventTypeFilter filter,
    String celFilter,
    String orderingKey) {}
