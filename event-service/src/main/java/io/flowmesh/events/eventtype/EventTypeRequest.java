package io.flowmesh.events.eventtype;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/event-types} (with {@code type}) and {@code PUT
 * /api/v1/event-types/{type}} (without).
 *
 * @param type the CloudEvents type, e.g. {@code com.acme.order.placed.v1}
 * @param description what an event of the type means (required, at most 1,000 characters)
 * @param schema JSON Schema (2020-12 unless it names another dialect) of the event's data
 */
public record EventTypeRequest(String type, String description, JsonNode schema) {}
