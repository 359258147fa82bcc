package io.flowmesh.functions.registry;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of a register (POST) or update (PUT) request: the whole definition of one version of a
 * function. Fields a type does not use must be absent (an {@code http} function has no image).
 *
 * @param slug {@code <namespace>/<name>}, lower case letters, digits and dashes; on PUT optional
 *     (the path names it) but must match if given
 * @param name display name
 * @param description what it does
 * @param pluginId the plugin it belongs to; defaults to the slug's namespace
 * @param version a label of this version, e.g. {@code 1.2.0}; on update defaults to the previous
 *     one with the last number increased
 * @param executionType {@code http}, {@code oci} or {@code worker} ({@code builtin} is reserved to
 *     the platform)
 * @param image container image ({@code oci})
 * @param command container command overriding the image's entrypoint ({@code oci})
 * @param workingDir container working directory ({@code oci})
 * @param env container environment ({@code oci}); never shown by the API
 * @param resources container limits, {@code cpu} and {@code memory} in Kubernetes quantities
 * @param webhookUrl the URL an {@code http} function is called at
 * @param webhookMethod POST (default), PUT or PATCH
 * @param webhookHeaders extra request headers of an {@code http} function; never shown by the API
 * @param webhookTimeoutSeconds deadline of one HTTP call, 1-300, default 30
 * @param inputSchema JSON Schema the input must match
 * @param outputSchema JSON Schema the output must match
 * @param timeoutSeconds deadline of one execution, 1-3600, default 300
 * @param retryPolicy retry policy the orchestrator applies by default (opaque here)
 * @param maxConcurrency most executions at once per service instance, 0 (default) for no limit
 * @param integrationType the connection type it takes credentials from
 * @param deprecated whether to mark it deprecated
 */
public record FunctionDefinition(
    String slug,
    String name,
    String description,
    String pluginId,
    String version,
    String executionType,
    String image,
    List<String> command,
    String workingDir,
    Map<String, String> env,
    Map<String, String> resources,
    String webhookUrl,
    String webhookMethod,
    Map<String, String> webhookHeaders,
    Integer webhookTimeoutSeconds,
    JsonNode inputSchema,
    JsonNode outputSchema,
    Integer timeoutSeconds,
    JsonNode retryPolicy,
    Integer maxConcurrency,
    String integrationType,
    Boolean deprecated) {}
