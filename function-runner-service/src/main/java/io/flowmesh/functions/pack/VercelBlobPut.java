package io.flowmesh.functions.pack;

import io.flowmesh.functions.execution.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code vercel-blob-put}: uploads the input's {@code content} (text) or {@code contentBase64}
 * (bytes) as the raw body of the declared request, with the options of the upload as Vercel Blob's
 * own headers ({@code x-content-type}, {@code x-add-random-suffix}, {@code x-allow-overwrite},
 * {@code x-cache-control-max-age}), as {@code put()} of {@code @vercel/blob} sends them. A pack
 * request's body is JSON or a form, and its headers are fixed, so this cannot be declared.
 */
@Component
class VercelBlobPut implements PackBuiltin {

  @Override
  public String name() {
    return "vercel-blob-put";
  }

  @Override
  public Outcome run(PackCall call) throws PackCall.Failed {
    JsonNode input = call.invocation().input();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    if (input.hasNonNull("contentType")) {
      headers.put("x-content-type", input.path("contentType").asString());
    }
    flag(input, "addRandomSuffix", "x-add-random-suffix", headers);
    flag(input, "allowOverwrite", "x-allow-overwrite", headers);
    if (input.hasNonNull("cacheControlMaxAge")) {
      headers.put("x-cache-control-max-age", input.path("cacheControlMaxAge").asString());
    }
    return call.output(
        call.send(call.function().method(), call.url(), headers, content(call, input)));
  }

  private static byte[] content(PackCall call, JsonNode input) throws PackCall.Failed {
    if (input.hasNonNull("contentBase64")) {
      try {
        return Base64.getDecoder().decode(input.path("contentBase64").asString());
      } catch (IllegalArgumentException e) {
        throw call.failed(Outcome.INPUT_INVALID, "contentBase64 is not base64", false);
      }
    }
    return input.path("content").asString("").getBytes(StandardCharsets.UTF_8);
  }

  /** The SDK sends booleans as 1 and 0, and only when given. */
  private static void flag(
      JsonNode input, String field, String header, Map<String, String> headers) {
    if (input.path(field).isBoolean()) {
      headers.put(header, input.path(field).asBoolean() ? "1" : "0");
    }
  }
}
