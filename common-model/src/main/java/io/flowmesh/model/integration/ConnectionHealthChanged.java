package io.flowmesh.model.integration;

import java.time.Instant;

/**
 * A connection's health check outcome changed (healthy to unhealthy or back, or its first result).
 *
 * @param connectionId the connection
 * @param type its integration type, e.g. {@code oauth2-client-credentials}
 * @param previousStatus {@code UNKNOWN}, {@code HEALTHY} or {@code UNHEALTHY}
 * @param status {@code HEALTHY} or {@code UNHEALTHY}
 * @param detail what the check saw, e.g. {@code HTTP 503}; never a credential
 * @param checkedAt when the check ran
 */
public record ConnectionHealthChanged(
    String connectionId,
    String type,
    String previousStatus,
    String status,
    String detail,
    Instant checkedAt) {}
