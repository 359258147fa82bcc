package io.flowmesh.integrations.integrationtype;

import tools.jackson.databind.JsonNode;

/**
 * An integration type as the API shows it.
 *
 * @param type its name, e.g. {@code http-bearer}
 * @param displayName a human name
 * @param description what a connection of this type does
 * @param settingsSchema JSON Schema of a connection's settings, stored and shown in plain
 * @param secretSchema JSON Schema of a connection's secret values, encrypted and never shown
 * @param shared true for a platform type visible to every tenant
 */
public record IntegrationTypeView(
    String type,
    String displayName,
    String description,
    JsonNode settingsSchema,
    JsonNode secretSchema,
    boolean shared) {}
