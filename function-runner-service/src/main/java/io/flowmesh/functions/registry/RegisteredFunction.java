package io.flowmesh.functions.registry;

/**
 * What execution needs to know about a registered function.
 *
 * @param tenant the owning tenant, or {@code *} for a platform function
 * @param slug the function's slug, e.g. {@code core/echo}
 * @param executionType {@code builtin}, {@code http} or {@code oci}
 * @param enabled whether it may run
 * @param timeoutSeconds how long one execution may take by default
 */
public record RegisteredFunction(
    String tenant, String slug, String executionType, boolean enabled, int timeoutSeconds) {}
