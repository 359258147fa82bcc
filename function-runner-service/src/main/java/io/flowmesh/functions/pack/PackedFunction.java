package io.flowmesh.functions.pack;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A function of a loaded pack, ready to run: its provider's base URL and headers applied, its
 * expressions checked.
 *
 * @param file the pack file it came from, for messages
 * @param provider the pack's provider (slug namespace)
 * @param slug e.g. {@code openai/generate-text}
 * @param name display name
 * @param description what it does
 * @param connectionType the integration type of its credentials, null for none
 * @param timeoutSeconds deadline of one execution
 * @param inputSchema JSON Schema of the input
 * @param outputSchema JSON Schema of the output
 * @param method HTTP method
 * @param baseUrl the provider's base URL (the deployment's override if it has one)
 * @param path path template, {@code {field}} for an input field
 * @param query JSONata giving the query parameters, may be null
 * @param headers the pack's and the function's headers
 * @param body JSONata giving the body, may be null
 * @param form whether the body is sent as {@code application/x-www-form-urlencoded}
 * @param data JSONata giving the output from the answer
 * @param error JSONata finding a failure in a 2xx answer, may be null
 * @param retryableStatuses answers a retry may cure
 * @param builtin the builtin that makes the calls of a function that is not one JSON request
 *     ({@link PackBuiltin}), null for one request
 */
record PackedFunction(
    String file,
    String provider,
    String slug,
    String name,
    String description,
    String connectionType,
    int timeoutSeconds,
    JsonNode inputSchema,
    JsonNode outputSchema,
    String method,
    String baseUrl,
    String path,
    String query,
    Map<String, String> headers,
    String body,
    boolean form,
    String data,
    String error,
    Set<Integer> retryableStatuses,
    String builtin) {

  /** When a pack does not say: long enough for a slow model's answer. */
  static final int DEFAULT_TIMEOUT_SECONDS = 60;
}
