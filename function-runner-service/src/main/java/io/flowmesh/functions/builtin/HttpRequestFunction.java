package io.flowmesh.functions.builtin;

import io.flowmesh.functions.connection.Connection;
import io.flowmesh.functions.connection.ConnectionException;
import io.flowmesh.functions.connection.ConnectionResolver;
import io.flowmesh.functions.connection.RunCredential;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundFailure;
import io.flowmesh.functions.outbound.OutboundHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code system/http-request}: one HTTP request to any public URL (SSRF-guarded), optionally with
 * the auth headers of a connection or of one of its run's integrations. Returns status, headers and
 * body (parsed if it is JSON).
 */
@Component
class HttpRequestFunction implements BuiltinFunction {

  /** The characters RFC 9110 allows in a field name. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

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
    Map<String, String> headers = headers(input.path("headers"));
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
    if (input.hasNonNull("integration")) {
      // The run's own credentials (ADR 0023) win over same-named input headers.
      runCredential(invocation, input.path("integration").asString())
          .httpHeaders()
          .forEach(
              (name, value) -> {
                headers.keySet().removeIf(h -> h.equalsIgnoreCase(name));
                headers.put(name, value);
              });
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

  /**
   * The input's headers: an object of string values or, as the Workflow Builder writes them, a
   * string holding such an object as JSON (its templates already resolved by the orchestrator). The
   * failures name what is wrong but never echo a value: headers often carry credentials.
   */
  private Map<String, String> headers(JsonNode given) {
    JsonNode object = given;
    if (given.isString()) {
      if (given.asString().isBlank()) {
        return new LinkedHashMap<>();
      }
      try {
        object = json.readTree(given.asString());
      } catch (JacksonException e) {
        throw invalidHeaders("the string is not valid JSON");
      }
    }
    if (object.isMissingNode() || object.isNull()) {
      return new LinkedHashMap<>();
    }
    if (!object.isObject()) {
      String type = object.getNodeType().name().toLowerCase(Locale.ROOT);
      throw invalidHeaders(
          (given.isString() ? "the string holds a JSON " : "it is a JSON ") + type);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> header : object.properties()) {
      String name = header.getKey();
      if (!HEADER_NAME.matcher(name).matches()) {
        throw invalidHeaders("'" + name + "' is not a valid header name");
      }
      if (!header.getValue().isString()) {
        throw invalidHeaders("the value of '" + name + "' is not a string");
      }
      if (header.getValue().asString().chars().anyMatch(c -> c == '\r' || c == '\n')) {
        throw invalidHeaders("the value of '" + name + "' contains a line break");
      }
      if (OutboundHttp.RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new FunctionFailure("INPUT_INVALID", "header '" + name + "' cannot be set", false);
      }
      headers.put(name, header.getValue().asString());
    }
    return headers;
  }

  /** The credentials the run was started with under this integration name; none fails the node. */
  private RunCredential runCredential(Invocation invocation, String integration) {
    return connections
        .runCredential(invocation.tenant(), invocation.request().runId(), integration)
        .orElseThrow(
            () ->
                new FunctionFailure(
                    ConnectionException.RUN_CREDENTIALS_NOT_FOUND,
                    "the run has no credentials for integration '"
                        + integration
                        + "': name it in \"integrations\" when starting the run",
                    false));
  }

  private static FunctionFailure invalidHeaders(String what) {
    return new FunctionFailure(
        "INPUT_INVALID",
        "headers must be a JSON object of string values, or a string holding one: " + what,
        false);
  }
}
