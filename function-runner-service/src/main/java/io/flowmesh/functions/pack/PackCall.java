package io.flowmesh.functions.pack;

import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundFailure;
import io.flowmesh.functions.outbound.OutboundHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One execution of a pack function as its calls to the provider see it: the request its pack
 * declares, built from the input; the headers every call sends (the pack's and the credentials);
 * one deadline for all calls; and the provider's circuit breaker and concurrency limit around each
 * call. A function of one request makes one call; a {@link PackBuiltin} makes several.
 */
final class PackCall {

  private final PackedFunction function;
  private final Invocation invocation;
  private final Object input;
  private final String url;
  private final Map<String, String> headers;
  private final byte[] body;
  private final String contentType;
  private final Instant deadline;
  private final Sender sender;
  private final JsonMapper json;

  /** Sends one request within the provider's guard. */
  interface Sender {
    OutboundHttp.Response send(PackedFunction function, OutboundHttp.Request request)
        throws ProviderGuard.Refused, OutboundFailure;
  }

  /**
   * The parts of the declared request.
   *
   * @param url base URL, path and query
   * @param headers the pack's headers and the credentials, for every call
   * @param body the encoded body, null for none
   * @param contentType the body's content type, null for none
   */
  record Declared(String url, Map<String, String> headers, byte[] body, String contentType) {}

  PackCall(
      PackedFunction function,
      Invocation invocation,
      Object input,
      Declared declared,
      Sender sender,
      JsonMapper json) {
    this.function = function;
    this.invocation = invocation;
    this.input = input;
    this.url = declared.url();
    this.headers = declared.headers();
    this.body = declared.body();
    this.contentType = declared.contentType();
    this.deadline = Instant.now().plus(invocation.timeout());
    this.sender = sender;
    this.json = json;
  }

  PackedFunction function() {
    return function;
  }

  Invocation invocation() {
    return invocation;
  }

  /** The declared request's URL. */
  String url() {
    return url;
  }

  /** How long the execution may still take. */
  Duration remaining() {
    return Duration.between(Instant.now(), deadline);
  }

  /** Sends the declared request; an answer other than 2xx fails. */
  OutboundHttp.Response sendDeclared() throws Failed {
    Map<String, String> extra = new LinkedHashMap<>();
    if (contentType != null) {
      extra.put("Content-Type", contentType);
    }
    return send(function.method(), url, extra, body);
  }

  /** Sends a request; an answer other than 2xx fails with {@code HTTP_<status>}. */
  OutboundHttp.Response send(String method, String url, Map<String, String> extra, byte[] body)
      throws Failed {
    OutboundHttp.Response response = exchange(method, url, extra, body);
    int status = response.status();
    if (status < 200 || status >= 300) {
      String message =
          "'"
              + function.slug()
              + "' got HTTP "
              + status
              + " from "
              + function.provider()
              + excerpt(response);
      throw new Failed(
          Outcome.failed(
              HttpErrors.code(status), message, function.retryableStatuses().contains(status)),
          message);
    }
    return response;
  }

  /**
   * Sends a request with the function's headers plus {@code extra}, within what is left of the
   * execution's timeout; any status is an answer.
   */
  OutboundHttp.Response exchange(String method, String url, Map<String, String> extra, byte[] body)
      throws Failed {
    Duration left = remaining();
    if (left.isNegative() || left.isZero()) {
      throw failed(
          HttpErrors.TIMEOUT,
          "its timeout of " + invocation.timeout().toMillis() + " ms ran out before a call",
          true);
    }
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(extra);
    if (!"GET".equals(method)) {
      // Providers that honour it (Stripe, Resend) do a redelivered execution only once.
      all.put("Idempotency-Key", invocation.executionId());
    }
    try {
      return sender.send(function, new OutboundHttp.Request(method, url, all, body, left));
    } catch (ProviderGuard.Refused e) {
      throw failed(e.code(), e.getMessage(), true);
    } catch (OutboundFailure e) {
      throw failed(HttpErrors.code(e), e.getMessage(), HttpErrors.retryable(e));
    }
  }

  /** The answer's body: JSON if it is JSON (whatever the content type says), else text. */
  Object parse(OutboundHttp.Response response) {
    if (response.body().length == 0) {
      return null;
    }
    try {
      return json.readValue(response.body(), Object.class);
    } catch (JacksonException e) {
      return new String(response.body(), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }
  }

  /**
   * The output the pack's {@code response} maps from a 2xx answer, or {@code PROVIDER_ERROR} when
   * its {@code error} expression finds a failure in it.
   */
  Outcome output(OutboundHttp.Response response) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("body", parse(response));
    answer.put("status", response.status());
    answer.put("headers", response.headers());
    answer.put("input", input);
    if (function.error() != null) {
      Object error = Expressions.evaluate(function.error(), answer, invocation.timeout());
      if (error instanceof String text && !text.isBlank()) {
        return Outcome.failed(
            PackFunctionExecutor.PROVIDER_ERROR,
            "'" + function.slug() + "': " + function.provider() + " answered: " + bounded(text),
            false);
      }
    }
    return Outcome.succeeded(Expressions.evaluate(function.data(), answer, invocation.timeout()));
  }

  /** A failure of this execution; the message is prefixed with the function's slug. */
  Failed failed(String code, String message, boolean retryable) {
    String full = "'" + function.slug() + "': " + message;
    return new Failed(Outcome.failed(code, full, retryable), full);
  }

  /** The start of the provider's error body: it says what was wrong with the request. */
  static String excerpt(OutboundHttp.Response response) {
    if (response.body().length == 0) {
      return "";
    }
    return ": " + bounded(new String(response.body(), StandardCharsets.UTF_8));
  }

  static String bounded(String text) {
    String clean = text.replace('\u0000', '\uFFFD');
    return clean.length() > 300 ? clean.substring(0, 300) + "..." : clean;
  }

  /** The execution failed with this outcome; no further call is made. */
  static final class Failed extends Exception {
    private final transient Outcome outcome;

    Failed(Outcome outcome, String message) {
      super(message, null, false, false);
      this.outcome = outcome;
    }

    Outcome outcome() {
      return outcome;
    }
  }
}
