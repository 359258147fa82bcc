package io.flowmesh.events.eventtype;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * An event type as the API shows it.
 *
 * @param type the CloudEvents type, e.g. {@code io.flowmesh.run.completed.v1}
 * @param description what an event of this type means
 * @param schema JSON Schema of the event's data
 * @param shared true for a platform type visible to every tenant
 * @param createdAt when it was registered
 * @param updatedAt when its description or schema last changed
 * @param retiredAt when it was retired (events of the type are refused from then on), or null
 */
public record EventTypeView(
    String type,
    String description,
    JsonNode schema,
    boolean shared,
    Instant createdAt,
    Instant updatedAt,
    Instant retiredAt) {}
