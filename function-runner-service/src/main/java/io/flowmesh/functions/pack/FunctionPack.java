package io.flowmesh.functions.pack;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One provider's pack as written in its file, after it passed the pack schema
 * (function-packs/function-pack.schema.json); the field meanings are documented there.
 */
record FunctionPack(
    String provider,
    String name,
    String description,
    String documentation,
    String baseUrl,
    String connectionType,
    Map<String, String> headers,
    List<Integer> retryableStatuses,
    List<Function> functions) {

  /** The statuses retried when neither the pack nor the function names its own. */
  static final List<Integer> DEFAULT_RETRYABLE = List.of(408, 429, 500, 502, 503, 504);

  FunctionPack {
    headers = headers == null ? Map.of() : headers;
    retryableStatuses = retryableStatuses == null ? DEFAULT_RETRYABLE : retryableStatuses;
  }

  /** One function of the pack. */
  record Function(
      String slug,
      String name,
      String description,
      String connectionType,
      Integer timeoutSeconds,
      JsonNode inputSchema,
      JsonNode outputSchema,
      Request request,
      Response response,
      List<Integer> retryableStatuses,
      String builtin) {}

  /** The HTTP request a function makes; {@code query} and {@code body} are JSONata. */
  record Request(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      String body,
      String bodyEncoding) {}

  /**
   * How a 2xx answer becomes the output ({@code data}) or a failure ({@code error}, for answers
   * that report failures with a 2xx status); both JSONata.
   */
  record Response(String data, String error) {}
}
