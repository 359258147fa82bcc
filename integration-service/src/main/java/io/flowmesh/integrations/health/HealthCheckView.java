package io.flowmesh.integrations.health;

import java.time.Instant;

/**
 * One health check as the API shows it.
 *
 * @param checkedAt when it ran
 * @param outcome HEALTHY, UNHEALTHY or NOT_CHECKED
 * @param detail what it saw
 * @param latencyMs how long it took
 */
record HealthCheckView(Instant checkedAt, String outcome, String detail, long latencyMs) {}
