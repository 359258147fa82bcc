package io.flowmesh.functions.registry;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A function as the API shows it. Container environment and HTTP headers are left out: they may
 * hold credentials.
 *
 * @param slug unique name within the caller's view, {@code <namespace>/<name>}
 * @param name display name
 * @param description what it does
 * @param pluginId the plugin (integration) it belongs to
 * @param version its version
 * @param executionType {@code builtin}, {@code http} or {@code oci}
 * @param shared true for a platform function visible to every tenant
 * @param inputSchema JSON Schema of its input
 * @param outputSchema JSON Schema of its output
 * @param timeoutSeconds default timeout of one execution
 * @param retryPolicy default retry policy, may be null
 * @param maxConcurrency most executions at once, 0 for no limit
 * @param integrationType the connection type it takes credentials from, may be null
 * @param enabled whether it may run
 * @param deprecated whether it is deprecated
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 */
public record FunctionView(
    String slug,
    String name,
    String description,
    String pluginId,
    String version,
    String executionType,
    boolean shared,
    JsonNode inputSchema,
    JsonNode outputSchema,
    int timeoutSeconds,
    JsonNode retryPolicy,
    int maxConcurrency,
    String integrationType,
    boolean enabled,
    boolean deprecated,
    Instant createdAt,
    Instant updatedAt) {}
