package io.flowmesh.functions.builtin;

import io.flowmesh.functions.connection.Connection;
import io.flowmesh.functions.connection.ConnectionResolver;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundFailure;
import io.flowmesh.functions.outbound.OutboundHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code system/http-request}: one HTTP request to any public URL (SSRF-guarded), optionally with
 * the auth headers of a connection. Returns status, headers and body (parsed if it is JSON).
 */
@Component
class HttpRequestFunction implements BuiltinFunction {

  private final OutboundHttp http;
  private final ConnectionResolver connections;
  private final JsonMapper json;

  HttpRequestFunction(OutboundHttp http, ConnectionResolver connections, JsonMapper json) {
    this.http = http;
    this.connections = connections;
    this.json = json;
  }

  @Override
  public String slug() {
    return "system/http-request";
  }

  @Override
  public Object apply(Invocation invocation) {
    JsonNode input = invocation.input();
    Map<String, String> headers = new LinkedHashMap<>();
    input
        .path("headers")
        .properties()
        .forEach(
            e -> {
              if (OutboundHttp.RESTRICTED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                throw new FunctionFailure(
                    "INPUT_INVALID", "header '" + e.getKey() + "' cannot be set", false);
              }
              headers.put(e.getKey(), e.getValue().asString());
            });
    JsonNode body = input.path("body");
    byte[] bytes = null;
    if (body.isString()) {
      bytes = body.asString().getBytes(StandardCharsets.UTF_8);
    } else if (!body.isMissingNode() && !body.isNull()) {
      bytes = json.writeValueAsBytes(body);
      if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
        headers.put("Content-Type", "application/json");
      }
    }
    if (input.hasNonNull("connectionId")) {
      Connection connection =
          connections.resolve(invocation.tenant(), input.path("connectionId").asString());
      // The connection's auth headers win over same-named ones from the input.
      connection
          .httpHeaders()
          .forEach(
              (name, value) -> {
                headers.keySet().removeIf(h -> h.equalsIgnoreCase(name));
                headers.put(name, value);
              });
    }
    Duration timeout = Duration.ofSeconds(input.path("timeoutSeconds").asLong(30));
    if (timeout.compareTo(invocation.timeout()) > 0) {
      timeout = invocation.timeout();
    }
    String method = input.path("method").asString("GET");
    OutboundHttp.Response response;
    try {
      response =
          http.send(
              new OutboundHttp.Request(
                  method, input.path("url").asString(), headers, bytes, timeout));
    } catch (OutboundFailure e) {
      throw new FunctionFailure(HttpErrors.code(e), e.getMessage(), HttpErrors.retryable(e));
    }
    if (response.status() >= 400 && input.path("failOnHttpError").asBoolean(true)) {
      throw new FunctionFailure(
          HttpErrors.code(response.status()),
          method + " answered HTTP " + response.status(),
          HttpErrors.retryable(response.status()));
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("status", response.status());
    output.put("headers", response.headers());
    output.put("body", ResponseBodies.parse(json, response));
    return output;
  }
}
