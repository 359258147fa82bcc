package io.flowmesh.integrations.connection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A connection as the API shows it. Secret values are never part of it: {@code secrets} names the
 * secret fields that are set, each masked.
 *
 * @param id e.g. {@code con_0193...}
 * @param type its integration type
 * @param name unique per tenant
 * @param enabled a disabled connection is not resolved for functions and not health-checked
 * @param settings the non-secret settings
 * @param secrets each set secret field with the value {@value #MASK}
 * @param hasSecret whether any secret field is set
 * @param healthStatus UNKNOWN, HEALTHY or UNHEALTHY
 * @param healthCheckedAt when the last health check ran, or null
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ConnectionView(
    String id,
    String type,
    String name,
    boolean enabled,
    JsonNode settings,
    Map<String, String> secrets,
    boolean hasSecret,
    String healthStatus,
    Instant healthCheckedAt,
    Instant createdAt,
    Instant updatedAt) {

  /** What the API shows instead of a secret value. */
  public static final String MASK = "••••";

  static ConnectionView of(ConnectionRow row) {
    Map<String, String> masked = new LinkedHashMap<>();
    row.secretFields().forEach(field -> masked.put(field, MASK));
    return new ConnectionView(
        row.id(),
        row.type(),
        row.name(),
        row.enabled(),
        row.settings(),
        masked,
        !row.secretFields().isEmpty(),
        row.healthStatus(),
        row.healthCheckedAt(),
        row.createdAt(),
        row.updatedAt());
  }
}
