package io.flowmesh.functions.registry;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What execution needs to know about a registered function.
 *
 * @param tenant the owning tenant, or {@code *} for a platform function
 * @param slug the function's slug, e.g. {@code core/echo}
 * @param revision the stored revision (1 on registration, +1 per update)
 * @param executionType {@code builtin}, {@code http}, {@code oci}, {@code pack} or {@code worker}
 * @param enabled whether it may run
 * @param timeoutSeconds how long one execution may take by default
 * @param inputSchema JSON Schema of the input, may be null
 * @param outputSchema JSON Schema of the output, may be null
 * @param maxConcurrency most executions at once, 0 for no limit
 * @param http how to call an {@code http} function, else null
 * @param container how to run an {@code oci} function, else null
 * @param integrationType the integration it takes credentials from, may be null: a run started with
 *     credentials of that name hands them to an {@code http} function (ADR 0023)
 */
public record RegisteredFunction(
    String tenant,
    String slug,
    int revision,
    String executionType,
    boolean enabled,
    int timeoutSeconds,
    JsonNode inputSchema,
    JsonNode outputSchema,
    int maxConcurrency,
    Http http,
    Container container,
    String integrationType) {

  /** A function with only the basics, e.g. a builtin. */
  public RegisteredFunction(
      String tenant, String slug, String executionType, boolean enabled, int timeoutSeconds) {
    this(tenant, slug, 1, executionType, enabled, timeoutSeconds, null, null, 0, null, null, null);
  }

  /**
   * An HTTP function's endpoint.
   *
   * @param url the registered URL
   * @param method POST, PUT or PATCH
   * @param headers extra headers; may hold credentials, so never logged
   * @param timeoutSeconds deadline of one call
   */
  public record Http(String url, String method, Map<String, String> headers, int timeoutSeconds) {
    @Override
    public String toString() {
      return "Http[url=" + url + ", method=" + method + ", headers=" + headers.keySet() + "]";
    }
  }

  /**
   * A container function's Job template.
   *
   * @param image the image
   * @param command the command, null for the image's entrypoint
   * @param workingDir the working directory, may be null
   * @param env environment; may hold credentials, so never logged
   * @param resources limits ({@code cpu}, {@code memory}), may be empty
   */
  public record Container(
      String image,
      List<String> command,
      String workingDir,
      Map<String, String> env,
      Map<String, String> resources) {
    @Override
    public String toString() {
      return "Container[image=" + image + ", env=" + env.keySet() + "]";
    }
  }
}
