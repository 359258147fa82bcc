package io.flowmesh.functions.pack;

import io.flowmesh.functions.connection.Connection;
import io.flowmesh.functions.connection.ConnectionException;
import io.flowmesh.functions.connection.ConnectionResolver;
import io.flowmesh.functions.execution.FunctionExecutor;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.outbound.OutboundHttp;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a pack function: builds its request from the input, adds the credentials of its connection
 * type, sends it through the SSRF-guarded client within its provider's circuit breaker and
 * concurrency limit ({@link ProviderGuard}) and maps the answer to the output. A non-2xx answer
 * fails with {@code HTTP_<status>}, retryable if the pack says so for that status. A function that
 * names a builtin ({@link PackBuiltin}) has it make the calls from the same request (ADR 0054).
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
  private final Map<String, PackBuiltin> builtins;

  PackFunctionExecutor(
      FunctionPacks packs,
      OutboundHttp http,
      ConnectionResolver connections,
      ProviderGuard guard,
      JsonMapper json,
      List<PackBuiltin> builtins) {
    this.packs = packs;
    this.http = http;
    this.guard = guard;
    this.connections = connections;
    this.json = json;
    this.builtins =
        builtins.stream().collect(Collectors.toMap(PackBuiltin::name, Function.identity()));
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
    PackCall call = declared(invocation, function);
    try {
      if (function.builtin() == null) {
        return call.output(call.sendDeclared());
      }
      PackBuiltin builtin = builtins.get(function.builtin());
      if (builtin == null) {
        // The pack schema admits only the builtins of this version; this guards a mismatch.
        return Outcome.failed(
            Outcome.FUNCTION_UNAVAILABLE,
            "'"
                + function.slug()
                + "' needs builtin "
                + function.builtin()
                + ", not in this version.",
            true);
      }
      return builtin.run(call);
    } catch (PackCall.Failed e) {
      return e.outcome();
    }
  }

  /** The request the pack declares, built from the input, with the function's credentials. */
  private PackCall declared(Invocation invocation, PackedFunction function) {
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
    String contentType = null;
    if (body != null) {
      if (function.form() && body instanceof Map<?, ?> fields) {
        bytes = RequestBuilder.form(fields).getBytes(StandardCharsets.UTF_8);
        contentType = "application/x-www-form-urlencoded";
      } else {
        bytes = json.writeValueAsBytes(body);
        contentType = "application/json";
      }
    }
    credentials(invocation, function).forEach(headers::put);
    return new PackCall(
        function,
        invocation,
        data,
        new PackCall.Declared(
            RequestBuilder.url(function, input, query), headers, bytes, contentType),
        (f, request) -> guard.send(f, http, request),
        json);
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
}
