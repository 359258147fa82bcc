package io.flowmesh.functions.pack;

import io.flowmesh.functions.connection.Connection;
import io.flowmesh.functions.connection.ConnectionException;
import io.flowmesh.functions.connection.ConnectionResolver;
import io.flowmesh.functions.execution.FunctionExecutor;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundFailure;
import io.flowmesh.functions.outbound.OutboundHttp;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a pack function: builds its request from the input, adds the credentials of its connection
 * type, sends it through the SSRF-guarded client within its provider's circuit breaker and
 * concurrency limit ({@link ProviderGuard}) and maps the answer to the output. A non-2xx answer
 * fails with {@code HTTP_<status>}, retryable if the pack says so for that status.
 */
@Component
class PackFunctionExecutor implements FunctionExecutor {

  static final String CREDENTIALS_MISSING = "CREDENTIALS_MISSING";
  static final String PROVIDER_ERROR = "PROVIDER_ERROR";
  static final String MAPPING_FAILED = "MAPPING_FAILED";

  /**
   * Connection types whose ready-made auth headers fit any provider besides the provider's own
   * type: an {@code http-bearer} connection holding an OpenAI key serves openai too.
   */
  static final List<String> GENERIC_HTTP_TYPES =
      List.of("http-bearer", "api-key-header", "http-basic", "oauth2-client-credentials");

  private final FunctionPacks packs;
  private final OutboundHttp http;
  private final ConnectionResolver connections;
  private final ProviderGuard guard;
  private final JsonMapper json;

  PackFunctionExecutor(
      FunctionPacks packs,
      OutboundHttp http,
      ConnectionResolver connections,
      ProviderGuard guard,
      JsonMapper json) {
    this.packs = packs;
    this.http = http;
    this.guard = guard;
    this.connections = connections;
    this.json = json;
  }

  @Override
  public String executionType() {
    return "pack";
  }

  @Override
  public Outcome execute(Invocation invocation) {
    String slug = invocation.function().slug();
    Optional<PackedFunction> found = packs.function(slug);
    if (found.isEmpty()) {
      // Written by an instance with another set of packs, e.g. during a rollout.
      return Outcome.failed(
          Outcome.FUNCTION_UNAVAILABLE,
          "The pack of '" + slug + "' is not loaded by this instance.",
          true);
    }
    PackedFunction function = found.get();
    try {
      return call(invocation, function);
    } catch (ConnectionException e) {
      return Outcome.failed(e.code(), e.getMessage(), e.retryable());
    } catch (Expressions.ExpressionFailure e) {
      return Outcome.failed(
          MAPPING_FAILED,
          "'" + slug + "' could not map its request or answer: " + e.getMessage(),
          false);
    }
  }

  private Outcome call(Invocation invocation, PackedFunction function) {
    JsonNode input = invocation.input();
    Object data = json.convertValue(input, Object.class);
    Object query =
        function.query() == null
            ? null
            : Expressions.evaluate(function.query(), data, invocation.timeout());
    Object body =
        function.body() == null
            ? null
            : Expressions.evaluate(function.body(), data, invocation.timeout());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.put("User-Agent", "Flowmesh-Functions/1.0");
    headers.putAll(function.headers());
    byte[] bytes = null;
    if (body != null) {
      if (function.form() && body instanceof Map<?, ?> fields) {
        bytes = RequestBuilder.form(fields).getBytes(StandardCharsets.UTF_8);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
      } else {
        bytes = json.writeValueAsBytes(body);
        headers.put("Content-Type", "application/json");
      }
    }
    if (!"GET".equals(function.method())) {
      // Providers that honour it (Stripe, Resend) do a redelivered execution only once.
      headers.put("Idempotency-Key", invocation.executionId());
    }
    credentials(invocation, function).forEach(headers::put);
    OutboundHttp.Response response;
    try {
      response =
          guard.send(
              function,
              http,
              new OutboundHttp.Request(
                  function.method(),
                  RequestBuilder.url(function, input, query),
                  headers,
                  bytes,
                  invocation.timeout()));
    } catch (ProviderGuard.Refused e) {
      return Outcome.failed(e.code(), "'" + function.slug() + "': " + e.getMessage(), true);
    } catch (OutboundFailure e) {
      return Outcome.failed(
          HttpErrors.code(e),
          "'" + function.slug() + "': " + e.getMessage(),
          HttpErrors.retryable(e));
    }
    int status = response.status();
    if (status < 200 || status >= 300) {
      return Outcome.failed(
          HttpErrors.code(status),
          "'"
              + function.slug()
              + "' got HTTP "
              + status
              + " from "
              + function.provider()
              + excerpt(response),
          function.retryableStatuses().contains(status));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("body", body(response));
    answer.put("status", status);
    answer.put("headers", response.headers());
    answer.put("input", data);
    if (function.error() != null) {
      Object error = Expressions.evaluate(function.error(), answer, invocation.timeout());
      if (error instanceof String text && !text.isBlank()) {
        return Outcome.failed(
            PROVIDER_ERROR,
            "'" + function.slug() + "': " + function.provider() + " answered: " + bounded(text),
            false);
      }
    }
    return Outcome.succeeded(Expressions.evaluate(function.data(), answer, invocation.timeout()));
  }

  /**
   * The auth headers of the function's connection type: the input's {@code connectionId} (of that
   * type or a generic HTTP auth type), else the run's own credentials of that name (ADR 0023).
   */
  private Map<String, String> credentials(Invocation invocation, PackedFunction function) {
    String type = function.connectionType();
    if (type == null) {
      return Map.of();
    }
    JsonNode connectionId = invocation.input().path("connectionId");
    if (connectionId.isString()) {
      Connection connection = connections.resolve(invocation.tenant(), connectionId.asString());
      if (!type.equals(connection.type()) && !GENERIC_HTTP_TYPES.contains(connection.type())) {
        throw new ConnectionException(
            ConnectionException.WRONG_TYPE,
            "connection '"
                + connectionId.asString()
                + "' is of type "
                + connection.type()
                + ", this function needs "
                + type
                + " or one of "
                + GENERIC_HTTP_TYPES,
            false);
      }
      return connection.httpHeaders();
    }
    return connections
        .runCredential(invocation.tenant(), invocation.request().runId(), type)
        .orElseThrow(
            () ->
                new ConnectionException(
                    CREDENTIALS_MISSING,
                    "'"
                        + function.slug()
                        + "' needs credentials of type '"
                        + type
                        + "': give a connectionId of that type, or start the run with"
                        + " \"integrations\": {\""
                        + type
                        + "\": {...}}",
                    false))
        .httpHeaders();
  }

  /** JSON if it is JSON (whatever the content type says), else text, null if empty. */
  private Object body(OutboundHttp.Response response) {
    if (response.body().length == 0) {
      return null;
    }
    try {
      return json.readValue(response.body(), Object.class);
    } catch (JacksonException e) {
      return new String(response.body(), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }
  }

  /** The start of the provider's error body: it says what was wrong with the request. */
  private static String excerpt(OutboundHttp.Response response) {
    if (response.body().length == 0) {
      return "";
    }
    return ": " + bounded(new String(response.body(), StandardCharsets.UTF_8));
  }

  private static String bounded(String text) {
    String clean = text.replace('\u0000', '\uFFFD');
    return clean.length() > 300 ? clean.substring(0, 300) + "..." : clean;
  }
}
