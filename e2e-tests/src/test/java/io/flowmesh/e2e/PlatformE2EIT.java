package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.flowmesh.launcher.Platform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform as it runs in production: six service processes started from their runnable
 * jars against one PostgreSQL and one Kafka, driven only through the gateway's HTTP port. A
 * workflow trigger → core/echo → end runs to completion, and its lifecycle events reach a webhook
 * receiver in order, signed per Standard Webhooks (verified with the official library). A workflow
 * that calls an API with a connection's secret leaves that secret nowhere: not in the run, its
 * history, the services' logs or any Kafka topic; nor does one started with a credential of its own
 * (the Workflow Builder's {@code integrations}), which integration-service no longer holds once the
 * run is purged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class PlatformE2EIT {

  private static final String HELLO = EchoWorkflow.definition("hello", "Hello");

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
  private final List<Delivery> triggeredRunDeliveries =
      Collections.synchronizedList(new ArrayList<>());

  private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

  private Platform platform;
  private HttpServer receiver;

  record Delivery(String body, Map<String, List<String>> headers) {}

  @BeforeAll
  void startPlatform(Platform shared) throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, List<String>> headers = new HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
          deliveries.add(new Delivery(body, headers));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.createContext(
        "/triggered-runs",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          triggeredRunDeliveries.add(new Delivery(body, Map.of()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.createContext(
        "/protected",
        exchange -> {
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          JsonAnswer.send(exchange, "{\"ok\":true}");
        });
    receiver.start();

    platform = shared;
  }

  @AfterAll
  void stopReceiver() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void aWorkflowRunsEndToEndAndItsEventsArriveSignedAndInOrder() throws Exception {
    HttpResponse<String> subscription =
        post(
            "/api/v1/webhook-subscriptions",
            "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort()
                + "/hooks\",\"eventTypes\":[\"io.flowmesh.run.*\"]}");
    assertThat(subscription.statusCode()).as(subscription.body()).isEqualTo(201);
    String secret = json.readTree(subscription.body()).get("secret").asString();
    assertThat(secret).startsWith("whsec_");

    HttpResponse<String> definition = post("/api/v1/workflow-definitions", HELLO);
    assertThat(definition.statusCode()).as(definition.body()).isEqualTo(201);
    assertThat(json.readTree(definition.body()).get("id").asString()).isEqualTo("hello");

    HttpResponse<String> started =
        post("/api/v1/runs", "{\"workflowId\":\"hello\",\"input\":{\"message\":\"hello\"}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = json.readTree(started.body()).get("runId").asString();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(get("/api/v1/runs/" + runId).get("status").asString()));
    JsonNode run = get("/api/v1/runs/" + runId);
    assertThat(run.get("outputs").get("echo").get("message").asString()).isEqualTo("hello");
    assertThat(run.get("outputs").get("trigger").get("message").asString()).isEqualTo("hello");
    assertThat(run.get("version").asInt()).isEqualTo(1);

    List<String> expected =
        List.of(
            "io.flowmesh.run.started.v1",
            "io.flowmesh.run.node.started.v1",
            "io.flowmesh.run.node.completed.v1",
            "io.flowmesh.run.node.started.v1",
            "io.flowmesh.run.node.completed.v1",
            "io.flowmesh.run.node.started.v1",
            "io.flowmesh.run.node.completed.v1",
            "io.flowmesh.run.completed.v1");
    await().atMost(Duration.ofSeconds(60)).until(() -> eventsFor(runId).size() >= expected.size());

    Webhook verifier = new Webhook(secret);
    List<String> types = new ArrayList<>();
    for (Delivery delivery : eventsFor(runId)) {
      verifier.verify(delivery.body(), delivery.headers()); // throws if the signature is wrong
      JsonNode event = json.readTree(delivery.body());
      assertThat(event.get("specversion").asString()).isEqualTo("1.0");
      assertThat(event.get("subject").asString()).isEqualTo(runId);
      types.add(event.get("type").asString());
    }
    assertThat(types).containsExactlyElementsOf(expected);
  }

  @Test
  void anEventSentToTheGatewayStartsOneRunWhoseEventsArriveInOrder() throws Exception {
    HttpResponse<String> subscription =
        post(
            "/api/v1/webhook-subscriptions",
            "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort()
                + "/triggered-runs\",\"eventTypes\":[\"io.flowmesh.run.*\"]}");
    assertThat(subscription.statusCode()).as(subscription.body()).isEqualTo(201);
    HttpResponse<String> definition =
        post(
            "/api/v1/workflow-definitions",
            HELLO.replace("\"id\":\"hello\"", "\"id\":\"on-order\""));
    assertThat(definition.statusCode()).as(definition.body()).isEqualTo(201);
    HttpResponse<String> trigger =
        post(
            "/api/v1/triggers",
            """
            {"name": "orders", "workflowId": "on-order", "eventTypes": ["com.acme.order.*"],
             "input": "{'message': event.data.orderId}"}
            """);
    assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(201);

    String event =
        """
        {"specversion": "1.0", "id": "order-42", "source": "/shop", "type": "com.acme.order.placed",
         "data": {"orderId": "o-42"}}
        """;
    HttpResponse<String> sent = postEvent(event);
    HttpResponse<String> again = postEvent(event);
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    assertThat(json.readTree(again.body()).at("/events/0/duplicate").asBoolean()).isTrue();
    String stored = json.readTree(sent.body()).at("/events/0/id").asString();

    JsonNode evaluation = get("/api/v1/events/" + stored).at("/triggered/0");
    assertThat(evaluation.get("outcome").asString()).isEqualTo("started");
    String runId = evaluation.get("runId").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(get("/api/v1/runs/" + runId).path("status").asString()));
    assertThat(get("/api/v1/runs/" + runId).at("/outputs/echo/message").asString())
        .isEqualTo("o-42");

    List<String> expected =
        List.of(
            "io.flowmesh.run.started.v1",
            "io.flowmesh.run.node.started.v1",
            "io.flowmesh.run.node.completed.v1",
            "io.flowmesh.run.node.started.v1",
            "io.flowmesh.run.node.completed.v1",
            "io.flowmesh.run.node.started.v1",
            "io.flowmesh.run.node.completed.v1",
            "io.flowmesh.run.completed.v1");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> typesDelivered(triggeredRunDeliveries, runId).size() >= expected.size());
    assertThat(typesDelivered(triggeredRunDeliveries, runId)).containsExactlyElementsOf(expected);
  }

  private List<String> typesDelivered(List<Delivery> received, String runId) {
    synchronized (received) {
      return received.stream()
          .map(delivery -> json.readTree(delivery.body()))
          .filter(event -> runId.equals(event.path("subject").asString()))
          .map(event -> event.get("type").asString())
          .toList();
    }
  }

  private HttpResponse<String> postEvent(String cloudEvent) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/events"))
            .header("Authorization", "Bearer " + platform.apiKey())
            .header("content-type", "application/cloudevents+json")
            .POST(HttpRequest.BodyPublishers.ofString(cloudEvent))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyServiceAnswersThroughTheGatewayAndOnlyWithAKey() throws Exception {
    assertThat(getStatus("/api/v1/functions/core/echo", true)).isEqualTo(200);
    assertThat(getStatus("/api/v1/event-types", true)).isEqualTo(200);
    assertThat(getStatus("/api/v1/integration-types", true)).isEqualTo(200);
    assertThat(getStatus("/api/v1/webhook-subscriptions", true)).isEqualTo(200);
    assertThat(getStatus("/api/v1/runs/run_unknown", true)).isEqualTo(404);
    assertThat(getStatus("/api/v1/event-types", false)).isEqualTo(401);

    HttpResponse<String> unknownFunction =
        post("/api/v1/workflow-definitions", HELLO.replace("core/echo", "core/missing"));
    assertThat(unknownFunction.statusCode()).isEqualTo(400);
    assertThat(unknownFunction.body())
        .contains("core/missing")
        .contains("nodes[1].config.actionId");

    HttpResponse<String> malformed = post("/api/v1/runs", "{\"workflowId\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void aConnectionSecretReachesTheCalledApiAndNothingElse() throws Exception {
    String secret = "e2e-secret-" + UUID.randomUUID();
    String api = "http://127.0.0.1:" + receiver.getAddress().getPort();
    HttpResponse<String> connection =
        post(
            "/api/v1/connections",
            """
            {"type": "http-bearer", "name": "protected-api",
             "settings": {"baseUrl": "%s"}, "secrets": {"token": "%s"}}"""
                .formatted(api, secret));
    assertThat(connection.statusCode()).as(connection.body()).isEqualTo(201);
    assertThat(connection.body()).doesNotContain(secret);
    String connectionId = json.readTree(connection.body()).get("id").asString();

    HttpResponse<String> definition =
        post(
            "/api/v1/workflow-definitions",
            """
            {"id": "call-protected", "nodes": [
              {"id": "trigger", "type": "trigger", "config": {}},
              {"id": "call", "type": "action", "label": "Call API", "config": {
                "function": "system/http-request",
                "input": {"method": "GET", "url": "%s/protected", "connectionId": "%s"}}},
              {"id": "end", "type": "end", "config": {}}],
             "edges": [{"id": "e1", "source": "trigger", "target": "call"},
                       {"id": "e2", "source": "call", "target": "end"}]}"""
                .formatted(api, connectionId));
    assertThat(definition.statusCode()).as(definition.body()).isEqualTo(201);

    HttpResponse<String> started = post("/api/v1/runs", "{\"workflowId\":\"call-protected\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = json.readTree(started.body()).get("runId").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                get("/api/v1/runs/" + runId).get("status").asString().matches("COMPLETED|FAILED"));

    JsonNode run = get("/api/v1/runs/" + runId);
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
    assertThat(run.get("outputs").get("call").get("status").asInt()).isEqualTo(200);
    // the secret was used: the API got it (so the searches below can find it if it leaked)
    assertThat(authorizations).contains("Bearer " + secret);

    assertThat(run.toString()).doesNotContain(secret);
    assertThat(getText("/api/v1/runs/" + runId + "/history")).doesNotContain(secret);
    assertThat(getText("/api/v1/connections/" + connectionId)).doesNotContain(secret);
    try (Stream<Path> logs = Files.list(platform.workspace().logs())) {
      for (Path log : logs.toList()) {
        assertThat(Files.readString(log)).as("log %s", log.getFileName()).doesNotContain(secret);
      }
    }
    assertThat(KafkaTopics.recordsContaining(platform.kafkaBootstrapServers(), secret))
        .as("Kafka records holding the secret")
        .isEmpty();
  }

  @Test
  void aRunsOwnCredentialReachesTheCalledApiAndIsGoneOnceTheRunIsPurged() throws Exception {
    String secret = "e2e-run-secret-" + UUID.randomUUID();
    String api = "http://127.0.0.1:" + receiver.getAddress().getPort();

    HttpResponse<String> started =
        post(
            "/api/v2/workflows",
            """
            {"definition": {"id": "call-with-run-credentials", "name": "Call with run credentials",
              "nodes": [
                {"id": "trigger", "type": "trigger", "config": {}},
                {"id": "call", "type": "action", "label": "Call API", "config": {
                  "actionId": "system/http-request",
                  "input": {"method": "GET", "url": "%s/protected", "integration": "openai"}}}],
              "edges": [{"id": "e1", "source": "trigger", "target": "call"}]},
             "triggerData": {"topic": "clouds"},
             "integrations": {"openai": {"apiKey": "%s"}}}"""
                .formatted(api, secret));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(started.body()).doesNotContain(secret);
    String runId = json.readTree(started.body()).get("instanceId").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                get("/api/v1/runs/" + runId).get("status").asString().matches("COMPLETED|FAILED"));

    JsonNode run = get("/api/v1/runs/" + runId);
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
    // the secret was used: the API got it (so the searches below can find it if it leaked)
    assertThat(authorizations).contains("Bearer " + secret);
    assertThat(storedRunCredentials(runId)).isEqualTo(1);

    assertThat(run.toString()).doesNotContain(secret);
    assertThat(getText("/api/v1/runs/" + runId + "/history")).doesNotContain(secret);
    assertThat(getText("/api/v2/workflows/" + runId + "/status")).doesNotContain(secret);
    try (Stream<Path> logs = Files.list(platform.workspace().logs())) {
      for (Path log : logs.toList()) {
        assertThat(Files.readString(log)).as("log %s", log.getFileName()).doesNotContain(secret);
      }
    }
    assertThat(KafkaTopics.recordsContaining(platform.kafkaBootstrapServers(), secret))
        .as("Kafka records holding the secret")
        .isEmpty();

    HttpResponse<String> purged =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v2/workflows/" + runId))
                .header("Authorization", "Bearer " + platform.apiKey())
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(purged.statusCode()).as(purged.body()).isEqualTo(204);
    assertThat(getStatus("/api/v1/runs/" + runId, true)).isEqualTo(404);
    assertThat(storedRunCredentials(runId)).isZero();
  }

  /** Rows integration-service keeps for the run's credentials, read from its own table. */
  private int storedRunCredentials(String runId) throws Exception {
    try (Connection db =
            DriverManager.getConnection(
                platform.postgres().jdbcUrl(),
                platform.postgres().username(),
                platform.postgres().password());
        PreparedStatement count =
            db.prepareStatement(
                "SELECT count(*) FROM integrations.run_credentials WHERE run_id = ?")) {
      count.setString(1, runId);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private List<Delivery> eventsFor(String runId) {
    synchronized (deliveries) {
      return deliveries.stream()
          .filter(d -> runId.equals(json.readTree(d.body()).path("subject").asString()))
          .toList();
    }
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
            .header("Authorization", "Bearer " + platform.apiKey())
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    return json.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                    .header("Authorization", "Bearer " + platform.apiKey())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private String getText(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .header("Authorization", "Bearer " + platform.apiKey())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private int getStatus(String path, boolean authenticated) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path));
    if (authenticated) {
      request.header("Authorization", "Bearer " + platform.apiKey());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
