package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.TenantId;

/**
 * A disabled subscription was enabled again, published inside the enabling transaction so that the
 * delivery engine re-schedules its waiting queue heads atomically with it.
 *
 * @param tenant the tenant
 * @param subscriptionId the subscription
 */
public record SubscriptionEnabled(TenantId tenant, SubscriptionId subscriptionId) {}
