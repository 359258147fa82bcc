package io.flowmesh.functions.http;

import io.flowmesh.functions.connection.Connection;
import io.flowmesh.functions.connection.ConnectionException;
import io.flowmesh.functions.connection.ConnectionResolver;
import io.flowmesh.functions.execution.FunctionExecutor;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundFailure;
import io.flowmesh.functions.outbound.OutboundHttp;
import io.flowmesh.functions.registry.RegisteredFunction;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls an HTTP function: sends the input as JSON with the execution id as {@code Idempotency-Key}
 * (a redelivered request may call again; the endpoint can recognise it), waits at most the
 * function's HTTP timeout (and the execution's), and classifies the answer for the retry policy: a
 * 2xx is the output, 4xx fail for good, 408/429/5xx, timeouts and broken connections are retryable,
 * and an open circuit breaker or a full bulkhead fail fast as retryable.
 */
@Component
class HttpFunctionExecutor implements FunctionExecutor {

  static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
  static final String CONCURRENCY_LIMIT = "CONCURRENCY_LIMIT";
  static final String RESPONSE_INVALID = "RESPONSE_INVALID";

  private final OutboundHttp http;
  private final ResiliencePolicies policies;
  private final ConnectionResolver connections;
  private final JsonMapper json;

  HttpFunctionExecutor(
      OutboundHttp http,
      ResiliencePolicies policies,
      ConnectionResolver connections,
      JsonMapper json) {
    this.http = http;
    this.policies = policies;
    this.connections = connections;
    this.json = json;
  }

  @Override
  public String executionType() {
    return "http";
  }

  @Override
  public Outcome execute(Invocation invocation) {
    RegisteredFunction function = invocation.function();
    RegisteredFunction.Http endpoint = function.http();
    Duration timeout = Duration.ofSeconds(endpoint.timeoutSeconds());
    if (timeout.compareTo(invocation.timeout()) > 0) {
      timeout = invocation.timeout();
    }
    Bulkhead bulkhead = policies.bulkhead(function);
    boolean admitted;
    try {
      // Waits up to the function's HTTP timeout for a slot (ResiliencePolicies).
      admitted = bulkhead == null || bulkhead.tryAcquirePermission();
    } catch (RuntimeException e) {
      admitted = false;
    }
    if (!admitted) {
      return Outcome.failed(
          CONCURRENCY_LIMIT,
          "'"
              + function.slug()
              + "' kept running its maximum of "
              + function.maxConcurrency()
              + " executions at once; no slot became free in time.",
          true);
    }
    try {
      return call(invocation, endpoint, timeout, policies.circuitBreaker(function));
    } finally {
      if (bulkhead != null) {
        bulkhead.onComplete();
      }
    }
  }

  private Outcome call(
      Invocation invocation,
      RegisteredFunction.Http endpoint,
      Duration timeout,
      CircuitBreaker breaker) {
    String slug = invocation.function().slug();
    if (!breaker.tryAcquirePermission()) {
      return Outcome.failed(
          CIRCUIT_OPEN,
          "The circuit breaker of '"
              + slug
              + "' is open after repeated failures of its endpoint; calls resume after a pause.",
          true);
    }
    Map<String, String> headers;
    try {
      headers = headers(invocation, endpoint);
    } catch (ConnectionException e) {
      breaker.releasePermission();
      return Outcome.failed(e.code(), e.getMessage(), e.retryable());
    }
    long start = System.nanoTime();
    try {
      OutboundHttp.Response response =
          http.send(
              new OutboundHttp.Request(
                  endpoint.method(),
                  endpoint.url(),
                  headers,
                  json.writeValueAsBytes(invocation.input()),
                  timeout));
      int status = response.status();
      if (status >= 200 && status < 300) {
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return output(slug, response);
      }
      boolean retryable = HttpErrors.retryable(status);
      if (retryable) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new EndpointFailure());
      } else {
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
      return Outcome.failed(
          HttpErrors.code(status),
          "'" + slug + "' answered HTTP " + status + excerpt(response),
          retryable);
    } catch (OutboundFailure e) {
      if (HttpErrors.retryable(e)) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new EndpointFailure());
      } else {
        breaker.releasePermission();
      }
      return Outcome.failed(
          HttpErrors.code(e), "'" + slug + "': " + e.getMessage(), HttpErrors.retryable(e));
    }
  }

  private Map<String, String> headers(Invocation invocation, RegisteredFunction.Http endpoint) {
    Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    headers.put("User-Agent", "Flowmesh-Functions/1.0");
    headers.put("Idempotency-Key", invocation.executionId());
    if (invocation.request().runId() != null) {
      // a direct call (POST /execute) belongs to no run
      headers.put("X-Flowmesh-Run-Id", invocation.request().runId());
    }
    String integration = invocation.function().integrationType();
    if (integration != null) {
      // Credentials the run was started with for the function's integration (ADR 0023).
      connections
          .runCredential(invocation.tenant(), invocation.request().runId(), integration)
          .ifPresent(
              credential ->
                  credential
                      .httpHeaders()
                      .forEach(
                          (name, value) -> {
                            headers.keySet().removeIf(h -> h.equalsIgnoreCase(name));
                            headers.put(name, value);
                          }));
    }
    if (invocation.input().path("connectionId").isString()) {
      Connection connection =
          connections.resolve(
              invocation.tenant(), invocation.input().path("connectionId").asString());
      headers.putAll(connection.httpHeaders());
    }
    return headers;
  }

  private Outcome output(String slug, OutboundHttp.Response response) {
    if (response.body().length == 0) {
      return Outcome.succeeded(null);
    }
    try {
      return Outcome.succeeded(json.readTree(response.body()));
    } catch (JacksonException e) {
      return Outcome.failed(
          RESPONSE_INVALID, "'" + slug + "' answered 2xx with a body that is not JSON", false);
    }
  }

  /** The start of an error body helps the function's owner; it is their own endpoint's text. */
  private static String excerpt(OutboundHttp.Response response) {
    if (response.body().length == 0) {
      return "";
    }
    String text = new String(response.body(), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    return ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
  }

  /** Marks a retryable endpoint failure for the breaker's statistics; never thrown. */
  private static final class EndpointFailure extends RuntimeException {
    EndpointFailure() {
      super("endpoint failure", null, false, false);
    }
  }
}
