package io.flowmesh.webhooks.subscription;

/**
 * What ingestion needs to know of an active subscription.
 *
 * @param id the subscription
 * @param tenant its tenant
 * @param filter its event type filters
 */
public record ActiveSubscription(String id, String tenant, EventTypeFilter filter) {}
