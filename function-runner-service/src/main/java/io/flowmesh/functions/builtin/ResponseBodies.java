package io.flowmesh.functions.builtin;

import io.flowmesh.functions.outbound.OutboundHttp;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** A response body as a function output: JSON if it is JSON, else text, null if empty. */
final class ResponseBodies {

  private ResponseBodies() {}

  static Object parse(JsonMapper json, OutboundHttp.Response response) {
    if (response.body().length == 0) {
      return null;
    }
    String type = response.headers().getOrDefault("content-type", "");
    if (type.contains("json")) {
      try {
        return json.readTree(response.body());
      } catch (JacksonException e) {
        // fall through: a server that mislabels its body still gets its text returned
      }
    }
    // PostgreSQL JSONB text cannot hold NUL.
    return new String(response.body(), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
  }
}
