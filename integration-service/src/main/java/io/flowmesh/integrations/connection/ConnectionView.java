package io.flowmesh.integrations.connection;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A connection as the API shows it: never its secret, only whether it has one.
 *
 * @param id its id
 * @param type its integration type
 * @param name its name, unique within the tenant
 * @param settings its non-secret settings
 * @param hasSecret whether encrypted secret values are stored
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ConnectionView(
    String id,
    String type,
    String name,
    JsonNode settings,
    boolean hasSecret,
    Instant createdAt,
    Instant updatedAt) {}
