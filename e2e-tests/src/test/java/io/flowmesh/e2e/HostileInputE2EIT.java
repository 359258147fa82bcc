package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.launcher.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input on every route of the API, read from the gateway's merged OpenAPI document: each
 * operation is called with malformed, mistyped, deeply nested, oversized and unicode-edged bodies,
 * the NUL character, wrong content types and duplicate headers, and with hostile path and query
 * values (NUL, wrong types, very long, quotes, traversal). Every answer must be a 4xx RFC 9457
 * problem or a success, never a 5xx and never a stack trace; and what the fresh tenant can list is
 * the same afterwards as before. A route added later is tried the same way without touching this
 * test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class HostileInputE2EIT {

  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)\\}");

  private static final String NUL = "\\u0000";

  /** Bodies no operation should take, each with what it tries. */
  private static final Map<String, byte[]> HOSTILE_BODIES = hostileBodies();

  /** Path values in place of every id. Sent as they are: some are refused by the gateway. */
  private static final List<String> HOSTILE_PATH_VALUES =
      List.of(
          "nope-" + UUID.randomUUID(),
          "x".repeat(600),
          "%27%20OR%20%271%27%3D%271",
          "null",
          "-1",
          "0",
          "99999999999999999999",
          "%C3%A9%F0%9F%99%82",
          "%ED%A0%80",
          "%00",
          "..%2F..%2Factuator",
          "%2e%2e",
          "a%20b",
          "%FF%FE");

  /** Query values for every declared query parameter, percent-encoded as sent. */
  private static final List<String> HOSTILE_QUERY_VALUES =
      List.of(
          "%00",
          "-1",
          "0",
          "abc",
          "1e999",
          "99999999999999999999",
          "%27%22%3C%3E",
          "x".repeat(2000),
          "%ED%A0%80",
          "%FF",
          "true",
          "2026-13-45T99%3A99%3A99Z",
          "");

  /** Values each property of a request body's schema is sent with, one property at a time. */
  private static final List<String> HOSTILE_FIELD_VALUES =
      List.of(
          "null",
          "-1",
          "1e308",
          "true",
          "\"\"",
          "\"" + "x".repeat(5000) + "\"",
          "[]",
          "{}",
          "\"a" + NUL + "\"",
          "\"../../etc/passwd\"",
          "\"{{constructor.constructor('x')()}}\"",
          "[".repeat(100) + "]".repeat(100));

  /** Content types no JSON route should take (with a JSON body). */
  private static final List<String> WRONG_CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/xml",
          "multipart/form-data; boundary=x",
          "application/json; charset=latin-7");

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private Platform platform;
  private String key;

  @BeforeAll
  void platform(Platform shared) throws Exception {
    platform = shared;
    GatewayClient admin = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
    String tenant = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/api/v1/tenants", "{\"id\": \"" + tenant + "\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> created =
        admin.post(
            "/api/v1/tenants/" + tenant + "/api-keys",
            """
            {"name": "everything", "scopes": ["runs:read", "runs:write", "definitions:read",
              "definitions:write", "functions:read", "functions:write", "functions:execute",
              "events:read", "events:write", "webhooks:read", "webhooks:admin",
              "integrations:read", "integrations:admin", "tasks:read", "tasks:write",
              "keys:admin", "tenant:admin", "workers"]}
            """);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    key = json.readTree(created.body()).get("secret").asString();
  }

  @Test
  void everyRouteAnswersHostileInputWithAProblemNeverAServerError() throws Exception {
    GatewayClient admin = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
    // the gateway merges the services' documents as they answer; a busy service may be missing
    JsonNode document =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> admin.getJson("/v3/api-docs/flowmesh"), HostileInputE2EIT::hasEveryService);
    List<String> lists = listRoutes(document);
    Map<String, Integer> before = listSizes(lists);

    List<Call> calls = hostileCalls(document);
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> acceptedWrites = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger answered = new AtomicInteger();
    System.out.println("HostileInputE2EIT: " + calls.size() + " hostile calls");
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (Call call : calls) {
        sent.add(
            senders.submit(
                () -> {
                  HttpResponse<String> answer = send(call);
                  answered.incrementAndGet();
                  check(failures, call, answer);
                  if (answer.statusCode() < 300 && !call.method().equals("GET")) {
                    acceptedWrites.add(call.what() + " answered " + answer.statusCode());
                  }
                  return null;
                }));
      }
      for (Future<?> future : sent) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      senders.shutdownNow();
    }

    assertThat(failures).as("answers to hostile input that are not problems").isEmpty();
    assertThat(answered.get()).isEqualTo(calls.size()).isGreaterThanOrEqualTo(5_000);
    // A write may succeed and change nothing (a bulk cancel whose filter matches no run); what a
    // hostile write must never do is leave something behind in the tenant, which starts empty.
    acceptedWrites.forEach(write -> System.out.println("HostileInputE2EIT: " + write));
    assertThat(listSizes(lists)).as("what the tenant lists, before and after").isEqualTo(before);
  }

  private List<Call> hostileCalls(JsonNode document) {
    List<Call> calls = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      String template = path.getKey();
      if (!template.startsWith("/api/")) {
        continue;
      }
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String method = operation.getKey().toUpperCase();
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)
            || streams(operation.getValue())) {
          continue;
        }
        String where = method + " " + template;
        String unknownIds = fill(template, HOSTILE_PATH_VALUES.getFirst());
        if (template.contains("{")) {
          for (String value : HOSTILE_PATH_VALUES) {
            calls.add(
                new Call(
                    where + " with path value " + shorten(value),
                    method,
                    fill(template, value),
                    "{}",
                    "application/json",
                    false));
          }
        }
        for (String parameter : queryParameters(operation.getValue())) {
          for (String value : HOSTILE_QUERY_VALUES) {
            calls.add(
                new Call(
                    where + " with ?" + parameter + "=" + shorten(value),
                    method,
                    unknownIds + "?" + parameter + "=" + value,
                    "{}",
                    "application/json",
                    false));
          }
          calls.add(
              new Call(
                  where + " with ?" + parameter + " twice",
                  method,
                  unknownIds + "?" + parameter + "=1&" + parameter + "=2",
                  "{}",
                  "application/json",
                  false));
        }
        calls.add(
            new Call(
                where + " with an unknown query parameter",
                method,
                unknownIds + "?%00unknown=1&limit=-5&cursor=%FF%FE",
                "{}",
                "application/json",
                false));
        calls.add(
            new Call(
                where + " with duplicate headers",
                method,
                unknownIds,
                "{}",
                "application/json",
                true));
        if (operation.getValue().has("requestBody")) {
          for (Map.Entry<String, byte[]> body : HOSTILE_BODIES.entrySet()) {
            calls.add(
                new Call(
                    where + " with " + body.getKey(),
                    method,
                    unknownIds,
                    body.getValue(),
                    "application/json",
                    false));
            if (template.contains("{") || body.getValue().length > 1_000_000) {
              continue;
            }
            // on a collection the body is what is checked: each body again as a CloudEvent too
            calls.add(
                new Call(
                    where + " with " + body.getKey() + " as a CloudEvent",
                    method,
                    unknownIds,
                    body.getValue(),
                    "application/cloudevents+json",
                    false));
          }
          for (String property : bodyProperties(document, operation.getValue())) {
            for (String value : HOSTILE_FIELD_VALUES) {
              calls.add(
                  new Call(
                      where + " with " + property + " = " + shorten(value),
                      method,
                      unknownIds,
                      "{\"" + property + "\": " + value + "}",
                      "application/json",
                      false));
            }
          }
          for (String contentType : WRONG_CONTENT_TYPES) {
            calls.add(
                new Call(
                    where + " with content type " + contentType,
                    method,
                    unknownIds,
                    "{\"a\": 1}",
                    contentType,
                    false));
          }
        }
      }
    }
    return calls;
  }

  /** What one hostile call sends. */
  private record Call(
      String what,
      String method,
      String uri,
      byte[] body,
      String contentType,
      boolean duplicateHeaders) {

    Call(String what, String method, String uri, String body, String contentType, boolean twice) {
      this(
          what,
          method,
          uri,
          body == null ? null : body.getBytes(StandardCharsets.UTF_8),
          contentType,
          twice);
    }
  }

  private void check(List<String> failures, Call call, HttpResponse<String> answer) {
    int status = answer.statusCode();
    String body = answer.body();
    if (status >= 500) {
      failures.add(call.what() + " answered " + status + " " + shorten(body));
    } else if (body.contains("at io.flowmesh") || body.contains("Exception:")) {
      failures.add(call.what() + " answered with a stack trace: " + shorten(body));
    } else if (status >= 400
        && status != 404
        && !answer.headers().firstValue("content-type").orElse("").contains("problem+json")) {
      failures.add(call.what() + " answered " + status + " without a problem: " + shorten(body));
    }
  }

  private static boolean hasEveryService(JsonNode document) {
    JsonNode paths = document.path("paths");
    return List.of(
            "/api/v1/runs",
            "/api/v1/events",
            "/api/v1/functions",
            "/api/v1/connections",
            "/api/v1/webhook-subscriptions",
            "/api/v1/api-keys")
        .stream()
        .allMatch(paths::has);
  }

  /** The tenant's lists: routes without parameters that read, except the audit log (it grows). */
  private static List<String> listRoutes(JsonNode document) {
    List<String> lists = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      String template = path.getKey();
      if (template.startsWith("/api/")
          && !template.contains("{")
          && !template.contains("audit")
          && path.getValue().has("get")
          && !streams(path.getValue().get("get"))) {
        lists.add(template);
      }
    }
    return lists;
  }

  private Map<String, Integer> listSizes(List<String> lists) throws Exception {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (String list : lists) {
      HttpResponse<String> answer =
          send(new Call("list " + list, "GET", list, (byte[]) null, "application/json", false));
      JsonNode read = answer.statusCode() == 200 ? json.readTree(answer.body()) : null;
      JsonNode items = read == null ? null : read.isArray() ? read : read.path("items");
      sizes.put(list, items == null || !items.isArray() ? -answer.statusCode() : items.size());
    }
    return sizes;
  }

  /** The top-level properties of the operation's JSON request body schema, references resolved. */
  private static List<String> bodyProperties(JsonNode document, JsonNode operation) {
    JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
      schema = document.at("/components/schemas/" + name);
    }
    List<String> names = new ArrayList<>();
    schema.path("properties").propertyNames().forEach(names::add);
    return names;
  }

  /**
   * Whether the operation answers with a stream of server-sent events, which does not end: tried by
   * its own tests, not here.
   */
  private static boolean streams(JsonNode operation) {
    return operation.path("responses").toString().contains("text/event-stream");
  }

  private static List<String> queryParameters(JsonNode operation) {
    List<String> names = new ArrayList<>();
    for (JsonNode parameter : operation.path("parameters")) {
      if (parameter.path("in").asString().equals("query")) {
        names.add(parameter.path("name").asString());
      }
    }
    return names;
  }

  /** The template with every parameter replaced by the value (already percent-encoded). */
  private static String fill(String template, String value) {
    Matcher parameters = PARAMETER.matcher(template);
    return parameters.replaceAll(Matcher.quoteReplacement(value));
  }

  private HttpResponse<String> send(Call call) throws Exception {
    HttpRequest.BodyPublisher publisher =
        call.method().equals("GET") || call.method().equals("DELETE") || call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(call.body());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + call.uri()))
            .header("Authorization", "Bearer " + key)
            .header("content-type", call.contentType())
            .timeout(Duration.ofSeconds(60))
            .method(call.method(), publisher);
    if (call.duplicateHeaders()) {
      request
          .header("Authorization", "Bearer fm_forged_" + UUID.randomUUID())
          .header("content-type", "text/plain")
          .header("Idempotency-Key", "a")
          .header("Idempotency-Key", "b");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String shorten(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static Map<String, byte[]> hostileBodies() {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("malformed JSON", "{\"a\": ");
    bodies.put("trailing garbage", "{\"a\": 1} {\"b\": 2}");
    bodies.put("an array", "[1, 2]");
    bodies.put("a string", "\"text\"");
    bodies.put("a number", "42");
    bodies.put("null", "null");
    bodies.put("empty", "");
    bodies.put("an empty object", "{}");
    bodies.put("unknown fields only", "{\"unexpected\": true, \"__proto__\": {\"admin\": true}}");
    bodies.put("a NUL in a value", "{\"name\": \"a" + NUL + "b\", \"id\": \"x" + NUL + "\"}");
    bodies.put("a NUL in a property name", "{\"na" + NUL + "me\": \"x\"}");
    bodies.put("a lone surrogate", "{\"name\": \"\\ud800\", \"id\": \"\\udfff\"}");
    bodies.put(
        "unicode edges",
        "{\"name\": \"\u202e\u200b\ufeff\uffff\", \"id\": \"\ud83d\ude42\", \"url\": \"http://\u0430.example\"}");
    bodies.put("nesting 5,000 deep", "[".repeat(5000) + "]".repeat(5000));
    bodies.put("nested objects 2,000 deep", "{\"a\": ".repeat(2000) + "1" + "}".repeat(2000));
    bodies.put("a huge array", "{\"items\": [" + "0,".repeat(100_000) + "0]}");
    bodies.put(
        "huge numbers",
        "{\"timeoutSeconds\": 1e999999, \"limit\": 99999999999999999999, \"version\": -0.0}");
    bodies.put(
        "wrong types everywhere",
        "{\"id\": 1, \"name\": [], \"nodes\": \"x\", \"edges\": 3, \"input\": \"s\","
            + " \"workflowId\": {}, \"url\": 5, \"scopes\": \"all\", \"enabled\": \"yes\"}");
    bodies.put(
        "hostile strings",
        "{\"id\": \"../../etc/passwd\", \"name\": \"<script>alert(1)</script>\","
            + " \"workflowId\": \"' OR 1=1 --\", \"url\": \"http://169.254.169.254/latest/meta-data\","
            + " \"type\": \"${jndi:ldap://x}\", \"expression\": \"{{7*7}}\"}");
    bodies.put("a very long string", "{\"name\": \"" + "x".repeat(200_000) + "\"}");
    bodies.put("a body over the size limit", "{\"name\": \"" + "x".repeat(2_000_000) + "\"}");
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    bodies.forEach((what, text) -> bytes.put(what, text.getBytes(StandardCharsets.UTF_8)));
    bytes.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
    return bytes;
  }
}
