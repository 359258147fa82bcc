package io.flowmesh.functions.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A function as the API shows it. Container environment values and HTTP header values are left out,
 * only their names are shown: they may hold credentials. Other services read part of it, as {@link
 * io.flowmesh.model.function.FunctionSummary}: its fields keep their names and types here.
 *
 * @param slug unique name within the caller's view, {@code <namespace>/<name>}
 * @param name display name
 * @param description what it does
 * @param pluginId the plugin (integration) it belongs to
 * @param version its version label
 * @param revision stored revision, 1 on registration and one more per update; the ETag
 * @param executionType {@code builtin}, {@code http}, {@code oci}, {@code pack} or {@code worker}
 * @param shared true for a platform function visible to every tenant
 * @param webhookUrl URL of an http function
 * @param webhookMethod method of an http function
 * @param webhookHeaderNames names of the extra headers of an http function
 * @param webhookTimeoutSeconds deadline of one call of an http function
 * @param image image of an oci function
 * @param command command of an oci function
 * @param envNames names of the environment variables of an oci function
 * @param resources container limits of an oci function
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
    int revision,
    String executionType,
    boolean shared,
    String webhookUrl,
    String webhookMethod,
    List<String> webhookHeaderNames,
    Integer webhookTimeoutSeconds,
    String image,
    List<String> command,
    List<String> envNames,
    Map<String, String> resources,
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
