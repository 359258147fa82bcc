package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.launcher.Platform;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * operation is called with malformed and wrongly typed bodies, the NUL character, deep nesting,
 * huge numbers, and hostile path and query values (NUL, wrong types, very long, quotes). Every
 * answer must be a 4xx RFC 9457 problem (or a success, where the input is merely odd), never a 5xx
 * and never a stack trace. A route added later is tried the same way without touching this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class HostileInputE2EIT {

  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)\\}");

  private static final String NUL = "\\u0000";

  /** Bodies no operation should take, each with what it tries. */
  private static final Map<String, String> HOSTILE_BODIES = hostileBodies();

  /** Path values in place of every id: unknown, long, quoted, odd characters. */
  private static final List<String> HOSTILE_PATH_VALUES =
      List.of(
          "nope-" + UUID.randomUUID(),
          "x".repeat(600),
          "' OR '1'='1",
          "null",
          "-1",
          "99999999999999999999",
          "é🙂",
          "%00");

  /** Query values for every declared query parameter. */
  private static final List<String> HOSTILE_QUERY_VALUES =
      List.of("%00", "-1", "abc", "1e999", "99999999999999999999", "'\"<>", "x".repeat(2000));

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
    List<String> failures = new ArrayList<>();
    int calls = 0;
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      String template = path.getKey();
      if (!template.startsWith("/api/")) {
        continue;
      }
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String method = operation.getKey().toUpperCase();
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        String where = method + " " + template;
        String unknownIds = fill(template, HOSTILE_PATH_VALUES.getFirst());
        for (String value : HOSTILE_PATH_VALUES) {
          if (template.contains("{")) {
            calls++;
            check(
                failures,
                where + " with path value " + shorten(value),
                send(method, fill(template, value), "{}", "application/json"));
          }
        }
        for (String parameter : queryParameters(operation.getValue())) {
          for (String value : HOSTILE_QUERY_VALUES) {
            String uri = unknownIds + "?" + parameter + "=" + encodeExceptPercent(value);
            calls++;
            check(
                failures,
                where + " with ?" + parameter + "=" + shorten(value),
                send(method, uri, "{}", "application/json"));
          }
        }
        if (operation.getValue().has("requestBody")) {
          for (Map.Entry<String, String> body : HOSTILE_BODIES.entrySet()) {
            calls++;
            check(
                failures,
                where + " with " + body.getKey(),
                send(method, unknownIds, body.getValue(), "application/json"));
          }
          calls++;
          check(
              failures,
              where + " with an XML body",
              send(method, unknownIds, "<a/>", "application/xml"));
        }
      }
    }

    assertThat(failures).as("answers to hostile input that are not problems").isEmpty();
    assertThat(calls).isGreaterThan(500);
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

  private void check(List<String> failures, String what, HttpResponse<String> answer) {
    int status = answer.statusCode();
    String body = answer.body();
    if (status >= 500) {
      failures.add(what + " answered " + status + " " + shorten(body));
    } else if (body.contains("at io.flowmesh") || body.contains("Exception:")) {
      failures.add(what + " answered with a stack trace: " + shorten(body));
    } else if (status >= 400
        && status != 404
        && !answer.headers().firstValue("content-type").orElse("").contains("problem+json")) {
      failures.add(what + " answered " + status + " without a problem: " + shorten(body));
    }
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

  /** The template with every parameter replaced by the value, percent-encoded as a segment. */
  private static String fill(String template, String value) {
    String segment =
        value.equals("%00")
            ? value
            : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    Matcher parameters = PARAMETER.matcher(template);
    return parameters.replaceAll(Matcher.quoteReplacement(segment));
  }

  private static String encodeExceptPercent(String value) {
    return value.equals("%00") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(String method, String uri, String body, String contentType)
      throws Exception {
    HttpRequest.BodyPublisher publisher =
        method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + uri))
            .header("Authorization", "Bearer " + key)
            .header("content-type", contentType)
            .method(method, publisher)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String shorten(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static Map<String, String> hostileBodies() {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("malformed JSON", "{\"a\": ");
    bodies.put("an array", "[1, 2]");
    bodies.put("a string", "\"text\"");
    bodies.put("a number", "42");
    bodies.put("null", "null");
    bodies.put("empty", "");
    bodies.put("a NUL in a value", "{\"name\": \"a" + NUL + "b\", \"id\": \"x" + NUL + "\"}");
    bodies.put("nesting 5,000 deep", "[".repeat(5000) + "]".repeat(5000));
    bodies.put("nested objects 2,000 deep", "{\"a\": ".repeat(2000) + "1" + "}".repeat(2000));
    bodies.put("a huge number", "{\"timeoutSeconds\": 1e999999, \"limit\": 99999999999999999999}");
    bodies.put(
        "wrong types everywhere",
        "{\"id\": 1, \"name\": [], \"nodes\": \"x\", \"edges\": 3, \"input\": \"s\","
            + " \"workflowId\": {}, \"url\": 5, \"scopes\": \"all\", \"enabled\": \"yes\"}");
    bodies.put("a very long string", "{\"name\": \"" + "x".repeat(200_000) + "\"}");
    return bodies;
  }
}
