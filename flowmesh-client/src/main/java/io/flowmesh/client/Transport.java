package io.flowmesh.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one call to the gateway: the API key, the {@code Idempotency-Key} of a write, JSON both
 * ways, problems turned into {@link FlowmeshProblemException}, and the retries of the {@link
 * RetryPolicy}. Why a retry is safe, per call, is in ADR 0044.
 */
final class Transport {

  /** The header that makes a write safe to send again (the API's name for it). */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** When a call may be sent again. */
  enum Safety {
    /** Reads, writes with an {@code Idempotency-Key} the API honours, state changes: always. */
    REPEATABLE,
    /** Writes the API does not deduplicate: only when the request cannot have left this JVM. */
    ONCE
  }

  /** One request: path relative to the gateway, query in order, optional JSON body. */
  record Call(
      String method,
      String path,
      Map<String, String> query,
      Object body,
      String contentType,
      String idempotencyKey,
      Safety safety,
      Map<String, String> headers) {

    static Call get(String path, Map<String, String> query) {
      return new Call("GET", path, query, null, null, null, Safety.REPEATABLE, Map.of());
    }

    static Call get(String path) {
      return get(path, Map.of());
    }

    /** A POST carrying {@code idempotencyKey}, or a generated one when it is null. */
    static Call post(String path, Object body, String idempotencyKey, Safety safety) {
      String key = idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey;
      return new Call("POST", path, Map.of(), body, "application/json", key, safety, Map.of());
    }

    static Call put(String path, Object body) {
      return new Call(
          "PUT", path, Map.of(), body, "application/json", null, Safety.REPEATABLE, Map.of());
    }

    /** A JSON merge patch; repeatable because it names the version it changes (If-Match). */
    static Call patch(String path, Object body, String ifMatch) {
      return new Call(
          "PATCH",
          path,
          Map.of(),
          body,
          "application/merge-patch+json",
          null,
          Safety.REPEATABLE,
          Map.of("If-Match", ifMatch));
    }

    static Call delete(String path) {
      return new Call("DELETE", path, Map.of(), null, null, null, Safety.REPEATABLE, Map.of());
    }

    Call withContentType(String type) {
      return new Call(method, path, query, body, type, idempotencyKey, safety, headers);
    }
  }

  private final URI baseUrl;
  private final String apiKey;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final JsonMapper json;

  Transport(
      URI baseUrl, String apiKey, HttpClient http, RetryPolicy retry, Duration requestTimeout) {
    String url = baseUrl.toString();
    this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.apiKey = apiKey;
    this.http = http;
    this.retry = retry;
    this.requestTimeout = requestTimeout;
    this.json =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a state a newer server adds reads as UNKNOWN instead of failing the call
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();
  }

  JsonMapper json() {
    return json;
  }

  <T> T send(Call call, Class<T> type) {
    return send(call, json.constructType(type));
  }

  <T> T send(Call call, TypeReference<T> type) {
    return send(call, json.constructType(type));
  }

  /** Sends the call; null for an answer without a body. */
  private <T> T send(Call call, JavaType type) {
    return read(exchange(call), call, type);
  }

  <T> T read(HttpResponse<String> response, Call call, Class<T> type) {
    return read(response, call, json.constructType(type));
  }

  private <T> T read(HttpResponse<String> response, Call call, JavaType type) {
    String body = response.body();
    if (body == null || body.isBlank() || type.getRawClass() == Void.class) {
      return null;
    }
    try {
      return json.readValue(body, type);
    } catch (JacksonException e) {
      throw new FlowmeshException(
          call.method() + " " + call.path() + " answered JSON this client cannot read", e);
    }
  }

  /** The 2xx answer to the call, after the retries it allows; a problem otherwise. */
  HttpResponse<String> exchange(Call call) {
    HttpRequest request = request(call);
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 300) {
          return response;
        }
        boolean unavailable = response.statusCode() == 503;
        if (!unavailable || call.safety() != Safety.REPEATABLE || attempt >= retry.maxAttempts()) {
          throw new FlowmeshProblemException(problem(response, call.path()));
        }
        wait = retryAfter(response).orElse(retry.backoff(attempt));
      } catch (IOException e) {
        if (!retryable(e, call.safety()) || attempt >= retry.maxAttempts()) {
          throw new FlowmeshConnectionException(
              call.method()
                  + " "
                  + baseUrl
                  + call.path()
                  + " failed after "
                  + attempt
                  + (attempt == 1 ? " attempt: " : " attempts: ")
                  + describe(e),
              e);
        }
        wait = retry.backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FlowmeshException("interrupted while calling " + call.path(), e);
      }
      sleep(wait);
    }
  }

  private static boolean retryable(IOException e, Safety safety) {
    // A refused connection or a connect timeout means nothing was sent; anything later (a reset, a
    // response timeout) may follow a request the server processed.
    return safety == Safety.REPEATABLE
        || e instanceof ConnectException
        || e instanceof HttpConnectTimeoutException;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }

  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(value -> value.matches("\\d{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)))
        .map(after -> after.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : after);
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowmeshException("interrupted while waiting to retry", e);
    }
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(call))
            .timeout(requestTimeout)
            .header("Accept", "application/json, application/problem+json");
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    if (call.idempotencyKey() != null) {
      builder.header(IDEMPOTENCY_KEY, call.idempotencyKey());
    }
    call.headers().forEach(builder::header);
    if (call.body() == null) {
      return builder.method(call.method(), HttpRequest.BodyPublishers.noBody()).build();
    }
    byte[] content = call.body() instanceof byte[] raw ? raw : json.writeValueAsBytes(call.body());
    return builder
        .header("Content-Type", call.contentType())
        .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(content))
        .build();
  }

  private URI uri(Call call) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    call.query()
        .forEach(
            (name, value) -> {
              if (value != null) {
                query.add(encode(name) + "=" + encode(value));
              }
            });
    return URI.create(baseUrl + call.path() + query);
  }

  /** Query parameters from name, value, name, value, ...; a null value leaves its name out. */
  static Map<String, String> query(Object... namesAndValues) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      query.put((String) namesAndValues[i], value == null ? null : value.toString());
    }
    return query;
  }

  /** A path segment or query value, percent-encoded. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The problem an error answer carries, or one made from its status when it carries none. */
  Problem problem(HttpResponse<String> response, String path) {
    String body = response.body() == null ? "" : response.body();
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (contentType.contains("json")) {
      try {
        JsonNode node = json.readTree(body);
        if (node.isObject()) {
          return problem(node, response.statusCode());
        }
      } catch (JacksonException e) {
        // not JSON after all: described from the status below
      }
    }
    String detail = body.isBlank() ? null : body.strip();
    if (detail != null && detail.length() > 200) {
      detail = detail.substring(0, 200) + "...";
    }
    return new Problem(Problem.BLANK, null, response.statusCode(), detail, path, Map.of());
  }

  private Problem problem(JsonNode node, int httpStatus) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      switch (member.getKey()) {
        case "type", "title", "status", "detail", "instance" -> {}
        default ->
            extensions.put(member.getKey(), json.treeToValue(member.getValue(), Object.class));
      }
    }
    String type = text(node, "type");
    int status = node.path("status").isInt() ? node.path("status").intValue() : httpStatus;
    return new Problem(
        type == null ? null : uriOrBlank(type),
        text(node, "title"),
        status,
        text(node, "detail"),
        text(node, "instance"),
        extensions);
  }

  private static URI uriOrBlank(String type) {
    try {
      return new URI(type);
    } catch (java.net.URISyntaxException e) {
      return Problem.BLANK;
    }
  }

  private static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? null : value.asString();
  }
}
