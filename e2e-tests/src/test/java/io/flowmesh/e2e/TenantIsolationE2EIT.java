package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.launcher.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenant isolation for every route of the API, read from the gateway's merged OpenAPI document:
 * tenant A makes one resource of every kind; then every operation whose path names a resource is
 * called with tenant B's key on A's resource, and must answer 404 (never 403, which would tell B
 * that it exists, and never a success), and every list B reads must not show an id of A's. A's
 * resources are all still there, unchanged in state, afterwards. A path parameter this test has no
 * case for fails it, so a new route cannot slip past. A stream of server-sent events is read by A
 * and B while A starts a run: B's must show nothing of A's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class TenantIsolationE2EIT {

  /** Paths of catalogues every tenant reads alike: not a tenant's resources. */
  private static final List<String> SHARED = List.of("/api/v1/integration-types/");

  /** Paths only platform administrators reach: B's key lacks the scope (403 names the scope). */
  private static final List<String> PLATFORM_ADMIN = List.of("/api/v1/tenants");

  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)\\}");

  /**
   * Bodies that pass the operations' own validation, so that what answers is the lookup of A's
   * resource, not a check of the body; every other write is sent {@code {}}.
   */
  private static final Map<String, String> BODIES =
      Map.of(
          "POST /api/v1/runs/{runId}/events", "{\"eventName\": \"go\", \"eventData\": {}}",
          "POST /api/v2/workflows/{instanceId}/events",
              "{\"eventName\": \"go\", \"eventData\": {}}",
          "PUT /api/v1/functions/{namespace}/{name}",
              "{\"name\": \"B's\", \"executionType\": \"http\","
                  + " \"webhookUrl\": \"http://127.0.0.1:9/b\", \"timeoutSeconds\": 5}",
          "POST /api/v1/webhook-subscriptions/{id}/recover",
              "{\"since\": \"2026-01-01T00:00:00Z\"}",
          "POST /api/v1/webhook-subscriptions/{id}/keys/unblock",
              "{\"key\": \"k\", \"mode\": \"retry\"}");

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private Platform platform;
  private GatewayClient admin;
  private final Map<String, String> ids = new LinkedHashMap<>();
  private String tenantA;

  @BeforeAll
  void platform(Platform shared) {
    platform = shared;
    admin = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
  }

  @Test
  void everyRouteAnswersAnotherTenantsIdsWithNotFoundAndListsShowNothingOfIt() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    tenantA = "iso-a-" + suffix;
    String keyA = tenantKey(tenantA);
    GatewayClient a = new GatewayClient(platform.gatewayUrl(), keyA);
    String keyB = tenantKey("iso-b-" + suffix);
    makeOneOfEverything(a);
    Map<String, String> before = states(a);

    JsonNode document = admin.getJson("/v3/api-docs/flowmesh");
    List<String> noCase = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    int called = 0;
    // first every list, before B's own calls with A's ids make entries (in B's audit, say)
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      String template = path.getKey();
      if (!tenantRoute(template) || template.contains("{") || !path.getValue().has("get")) {
        continue;
      }
      if (isStream(path.getValue().get("get"))) {
        leaks.addAll(streamLeaks(template, keyA, keyB, a));
        called++;
        continue;
      }
      String listed = send(keyB, "GET", template, null).body();
      ids.forEach(
          (kind, id) -> {
            if (listed.contains(id)) {
              leaks.add("GET " + template + " shows A's " + kind + " " + id);
            }
          });
      called++;
    }
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      String template = path.getKey();
      if (!tenantRoute(template) || !template.contains("{")) {
        continue;
      }
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String method = operation.getKey().toUpperCase();
        String uri = resolve(template);
        if (uri == null) {
          noCase.add(method + " " + template);
          continue;
        }
        HttpResponse<String> answer = send(keyB, method, uri, BODIES.get(method + " " + template));
        called++;
        int expected = PLATFORM_ADMIN.stream().anyMatch(template::startsWith) ? 403 : 404;
        if (answer.statusCode() != expected) {
          leaks.add(method + " " + uri + " answered " + answer.statusCode() + " " + answer.body());
        }
      }
    }

    assertThat(noCase).as("path parameters this test has no case for").isEmpty();
    assertThat(leaks).as("answers to tenant B about tenant A's resources").isEmpty();
    assertThat(called).isGreaterThan(40);
    assertThat(states(a)).isEqualTo(before);
  }

  /** Whether the operation answers with server-sent events, which never end by themselves. */
  private static boolean isStream(JsonNode operation) {
    return operation.at("/responses/200/content").has("text/event-stream");
  }

  /**
   * A stream read by A and by B while A starts a run: A's shows the run, B's shows nothing of A.
   */
  private List<String> streamLeaks(String template, String keyA, String keyB, GatewayClient a)
      throws Exception {
    List<String> seenByA = new CopyOnWriteArrayList<>();
    List<String> seenByB = new CopyOnWriteArrayList<>();
    try (Stream<String> streamA = open(keyA, template, seenByA);
        Stream<String> streamB = open(keyB, template, seenByB)) {
      HttpResponse<String> run = a.post("/api/v1/runs", "{\"workflowId\": \"iso-flow\"}");
      assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
      String runId = json.readTree(run.body()).get("runId").asString();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> seenByA.stream().anyMatch(line -> line.contains(runId)));
      List<String> leaks = new ArrayList<>();
      for (String line : seenByB) {
        if (line.contains(runId) || ids.values().stream().anyMatch(line::contains)) {
          leaks.add("GET " + template + " streams A's " + line);
        }
      }
      return leaks;
    }
  }

  /** Opens a stream with the key; its lines are collected until the returned stream is closed. */
  private Stream<String> open(String key, String uri, List<String> lines) throws Exception {
    HttpResponse<Stream<String>> response =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + uri))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    Stream<String> body = response.body();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                body.forEach(lines::add);
              } catch (RuntimeException closed) {
                // The test closed the stream.
              }
            });
    return body;
  }

  private static boolean tenantRoute(String template) {
    return template.startsWith("/api/") && SHARED.stream().noneMatch(template::startsWith);
  }

  /** The path with A's ids in place of its parameters, or null if a parameter has no case. */
  private String resolve(String template) {
    Matcher parameters = PARAMETER.matcher(template);
    StringBuilder uri = new StringBuilder();
    while (parameters.find()) {
      String id = idFor(template, parameters.group(1));
      if (id == null) {
        return null;
      }
      parameters.appendReplacement(uri, Matcher.quoteReplacement(id));
    }
    parameters.appendTail(uri);
    return uri.toString();
  }

  private String idFor(String template, String parameter) {
    return switch (parameter) {
      case "runId", "instanceId" -> ids.get("run");
      case "taskId" ->
          template.startsWith("/api/v1/workers/") ? ids.get("worker-task") : ids.get("task");
      case "workflowId" -> ids.get("workflow");
      case "version" -> "1";
      case "namespace" -> "iso";
      case "name" -> "fn";
      case "type" -> template.startsWith("/api/v1/event-types/") ? ids.get("event-type") : null;
      case "id" -> {
        for (String kind :
            List.of(
                "triggers",
                "schedules",
                "hooks",
                "events",
                "connections",
                "webhook-subscriptions",
                "webhook-deliveries",
                "api-keys",
                "tenants")) {
          if (template.startsWith("/api/v1/" + kind + "/")) {
            yield ids.get(kind);
          }
        }
        yield null;
      }
      default -> null;
    };
  }

  private void makeOneOfEverything(GatewayClient a) throws Exception {
    ids.put(
        "workflow",
        created(
            a.post(
                "/api/v1/workflow-definitions",
                """
                {"id": "iso-flow", "nodes": [
                  {"id": "trigger", "type": "trigger", "config": {}},
                  {"id": "ask", "type": "manual-task", "config": {"title": "Check"}},
                  {"id": "end", "type": "end", "config": {}}],
                 "edges": [{"id": "e1", "source": "trigger", "target": "ask"},
                           {"id": "e2", "source": "ask", "target": "end"}]}
                """),
            "/id"));
    HttpResponse<String> run = a.post("/api/v1/runs", "{\"workflowId\": \"iso-flow\"}");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
    String runId = json.readTree(run.body()).get("runId").asString();
    ids.put("run", runId);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> a.getJson("/api/v1/runs/" + runId + "/tasks").size() == 1);
    ids.put("task", a.getJson("/api/v1/runs/" + runId + "/tasks").at("/0/taskId").asString());
    ids.put(
        "triggers",
        created(
            a.post(
                "/api/v1/triggers",
                "{\"name\": \"t\", \"workflowId\": \"iso-flow\", \"eventTypes\": [\"com.iso.x\"]}"),
            "/id"));
    ids.put(
        "schedules",
        created(
            a.post(
                "/api/v1/schedules",
                "{\"name\": \"s\", \"workflowId\": \"iso-flow\", \"every\": \"PT1H\"}"),
            "/id"));
    ids.put(
        "hooks",
        created(
            a.post(
                "/api/v1/hooks",
                "{\"name\": \"h\", \"eventType\": \"com.iso.h\","
                    + " \"verification\": {\"scheme\": \"bearer\"}}"),
            "/id"));
    ids.put(
        "event-type",
        created(
            a.post(
                "/api/v1/event-types",
                "{\"type\": \"com.iso.ordered\", \"description\": \"d\","
                    + " \"schema\": {\"type\": \"object\"}}"),
            "/type"));
    HttpResponse<String> event =
        a.postAs(
            "/api/v1/events",
            "application/cloudevents+json",
            "{\"specversion\": \"1.0\", \"id\": \""
                + UUID.randomUUID()
                + "\", \"source\": \"/iso\", \"type\": \"com.iso.x\", \"data\": {}}");
    assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
    ids.put("events", json.readTree(event.body()).at("/events/0/id").asString());
    ids.put(
        "connections",
        created(
            a.post(
                "/api/v1/connections",
                "{\"type\": \"http-bearer\", \"name\": \"iso\","
                    + " \"settings\": {\"baseUrl\": \"http://127.0.0.1:9\"},"
                    + " \"secrets\": {\"token\": \"t\"}}"),
            "/id"));
    ids.put(
        "webhook-subscriptions",
        created(
            a.post(
                "/api/v1/webhook-subscriptions",
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"eventTypes\": [\"io.flowmesh.run.*\"]}"),
            "/id"));
    created(
        a.post(
            "/api/v1/functions",
            "{\"slug\": \"iso/fn\", \"name\": \"Iso\", \"executionType\": \"http\","
                + " \"webhookUrl\": \"http://127.0.0.1:9/fn\", \"timeoutSeconds\": 5}"),
        "/slug");
    ids.put(
        "api-keys",
        created(
            a.post("/api/v1/api-keys", "{\"name\": \"spare\", \"scopes\": [\"runs:read\"]}"),
            "/key/id"));
    // a delivery: the subscription sees the run's events from now on; a second run makes some
    HttpResponse<String> second = a.post("/api/v1/runs", "{\"workflowId\": \"iso-flow\"}");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
    String subscription = ids.get("webhook-subscriptions");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                a.getJson("/api/v1/webhook-deliveries?subscriptionId=" + subscription)
                        .path("items")
                        .size()
                    > 0);
    ids.put(
        "webhook-deliveries",
        a.getJson("/api/v1/webhook-deliveries?subscriptionId=" + subscription)
            .at("/items/0/id")
            .asString());
    ids.put("tenants", tenantA);
    ids.put("worker-task", leasedWorkerTask(a));
  }

  /** A run whose node is a worker function: its task, leased by A (a worker of A's). */
  private String leasedWorkerTask(GatewayClient a) throws Exception {
    created(
        a.post(
            "/api/v1/functions",
            "{\"slug\": \"iso/work\", \"name\": \"w\", \"executionType\": \"worker\"}"),
        "/slug");
    created(
        a.post(
            "/api/v1/workflow-definitions",
            """
            {"id": "iso-work", "nodes": [
              {"id": "trigger", "type": "trigger", "config": {}},
              {"id": "work", "type": "action", "config": {"function": "iso/work"}},
              {"id": "end", "type": "end", "config": {}}],
             "edges": [{"id": "e1", "source": "trigger", "target": "work"},
                       {"id": "e2", "source": "work", "target": "end"}]}
            """),
        "/id");
    HttpResponse<String> run = a.post("/api/v1/runs", "{\"workflowId\": \"iso-work\"}");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
    String poll = "{\"functions\": [\"iso/work\"], \"waitSeconds\": 5, \"leaseSeconds\": 600}";
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> json.readTree(a.post("/api/v1/workers/tasks/poll", poll).body()),
            polled -> polled.path("tasks").size() == 1)
        .at("/tasks/0/taskId")
        .asString();
  }

  /** What must not change: each resource's state as A reads it. */
  private Map<String, String> states(GatewayClient a) throws Exception {
    Map<String, String> states = new LinkedHashMap<>();
    states.put("run", a.getJson("/api/v1/runs/" + ids.get("run")).path("status").asString());
    states.put(
        "trigger", a.getJson("/api/v1/triggers/" + ids.get("triggers")).path("enabled").toString());
    states.put(
        "schedule",
        a.getJson("/api/v1/schedules/" + ids.get("schedules")).path("paused").toString());
    states.put("hook", a.getJson("/api/v1/hooks/" + ids.get("hooks")).path("name").asString());
    states.put(
        "event-type",
        a.getJson("/api/v1/event-types/" + ids.get("event-type")).path("status").toString());
    states.put(
        "connection",
        a.getJson("/api/v1/connections/" + ids.get("connections")).path("enabled").toString());
    states.put(
        "subscription",
        a.getJson("/api/v1/webhook-subscriptions/" + ids.get("webhook-subscriptions"))
            .path("status")
            .toString());
    states.put("function", a.getJson("/api/v1/functions/iso/fn").path("slug").asString());
    states.put(
        "workflow",
        String.valueOf(
            a.getJson("/api/v1/workflow-definitions/iso-flow/versions").path("items").size()));
    states.put(
        "key", a.getJson("/api/v1/api-keys/" + ids.get("api-keys")).path("revokedAt").toString());
    return states;
  }

  /** The created resource's id, at the JSON pointer in the answer. */
  private String created(HttpResponse<String> response, String pointer) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String id = json.readTree(response.body()).at(pointer).asString();
    assertThat(id).as(pointer + " in " + response.body()).isNotBlank();
    return id;
  }

  private GatewayClient tenant(String id) throws Exception {
    return new GatewayClient(platform.gatewayUrl(), tenantKey(id));
  }

  private String tenantKey(String id) throws Exception {
    assertThat(admin.post("/api/v1/tenants", "{\"id\": \"" + id + "\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> key =
        admin.post(
            "/api/v1/tenants/" + id + "/api-keys",
            """
            {"name": "everything", "scopes": ["runs:read", "runs:write", "definitions:read",
              "definitions:write", "functions:read", "functions:write", "functions:execute",
              "events:read", "events:write", "webhooks:read", "webhooks:admin",
              "integrations:read", "integrations:admin", "tasks:read", "tasks:write",
              "keys:admin", "tenant:admin", "workers"]}
            """);
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return json.readTree(key.body()).get("secret").asString();
  }

  private HttpResponse<String> send(String key, String method, String uri, String json)
      throws Exception {
    HttpRequest.BodyPublisher body =
        method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json);
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + uri))
            .header("Authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .method(method, body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
