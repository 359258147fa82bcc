package io.flowmesh.webhooks.subscription;

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
    String id, String tenant, EventTypeFilter filter, String celFilter, String orderingKey) {}
