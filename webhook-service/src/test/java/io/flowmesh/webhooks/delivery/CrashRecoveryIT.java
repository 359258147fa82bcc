package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.testinfra.ServiceProcess;
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.webhooks.Receiver;
import io.flowmesh.webhooks.Receiver.Received;
import io.flowmesh.webhooks.Receiver.Reply;
import io.flowmesh.webhooks.RunEvents;
import io.flowmesh.webhooks.RunEvents.Event;
import io.flowmesh.webhooks.WebhookApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kills webhook-service with SIGKILL (no graceful stop) in the middle of delivering and starts it
 * again: every event arrives, each key in order, and the only duplicates are deliveries that were
 * in flight when the process died. The service runs as a child JVM of its own, on a database and
 * Kafka consumer group of its own, so nothing in this JVM can deliver for it.
 */
class CrashRecoveryIT {

  private static final String TOKEN = "crash-gateway-token";

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Receiver receiver = new Receiver();
  private final RunEvents runEvents = new RunEvents(json);
  private final String database = TestInfrastructure.newDatabase("webhooks_crash");
  private final String group = "webhook-service-crash-" + UUID.randomUUID();
  private ServiceProcess service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    receiver.close();
    runEvents.close();
  }

  @Test
  void afterAKillEveryEventArrivesInOrderAndOnlyInFlightAttemptsRepeat() throws Exception {
    receiver.respond(
        request -> {
          try {
            Thread.sleep(3); // slow enough that attempts are in flight when the process dies
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Reply.ok();
        });
    int port = start(1);
    String tenant = "crash-" + System.nanoTime() % 100_000;
    createSubscription(port, tenant);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      for (int k = 0; k < 20; k++) {
        events.add(Event.of(tenant, "key-" + k, EventTypes.NODE_COMPLETED, Map.of("i", i)));
      }
    }
    runEvents.publish(events);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> receiver.received().size() >= 200);

    service.kill();
    int beforeRestart = receiver.received().size();
    assertThat(beforeRestart).isLessThan(events.size()); // it really died mid-way
    Instant restartedAt = Instant.now();
    start(2);

    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> distinctIds(receiver.received()) == events.size());
    List<Received> received = receiver.received();
    Map<String, Integer> copies = new HashMap<>();
    Map<String, Instant> firstSeen = new HashMap<>();
    for (Received request : received) {
      copies.merge(request.header("webhook-id"), 1, Integer::sum);
      firstSeen.putIfAbsent(request.header("webhook-id"), request.at());
    }
    // Duplicates: only what the killed process had sent without recording the outcome.
    List<String> repeated =
        copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    System.out.printf(
        "crash recovery: %d requests before the kill, %d after; %d in-flight duplicates%n",
        beforeRestart, received.size() - beforeRestart, repeated.size());
    assertThat(repeated).allSatisfy(id -> assertThat(firstSeen.get(id)).isBefore(restartedAt));
    assertThat(repeated.size()).isLessThanOrEqualTo(64); // at most the engine's concurrency
    assertThat(copies.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    // Order per key, with an in-flight duplicate counted once.
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (Received request : received) {
      JsonNode body = json.readTree(request.body());
      List<String> ids =
          byKey.computeIfAbsent(body.get("partitionkey").asString(), k -> new ArrayList<>());
      String id = body.get("id").asString();
      if (ids.isEmpty() || !ids.getLast().equals(id)) {
        ids.add(id);
      }
    }
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (Event event : events) {
      expected.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event.id());
    }
    assertThat(byKey).isEqualTo(expected);
  }

  private int start(int run) throws IOException {
    service =
        ServiceProcess.start(
            WebhookApplication.class,
            database,
            "crash-recovery-run-" + run,
            List.of(
                "--flowmesh.edge.gateway-token=" + TOKEN,
                "--flowmesh.webhooks.allow-loopback=true",
                "--flowmesh.webhooks.consumer-group=" + group,
                "--flowmesh.webhooks.delivery.retry-schedule=0s,100ms,200ms,300ms,400ms,500ms",
                "--flowmesh.webhooks.delivery.jitter=0",
                "--flowmesh.webhooks.delivery.attempt-timeout=5s",
                "--flowmesh.webhooks.delivery.lease-margin=2s",
                "--flowmesh.webhooks.delivery.poll-interval=200ms"));
    return service.port();
  }

  private void createSubscription(int port, String tenant) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/webhook-subscriptions"))
                .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
                .header(InternalHeaders.TENANT, tenant)
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"url\":\""
                            + receiver.url("127.0.0.1", "/hook")
                            + "\",\"eventTypes\":[\"*\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private int distinctIds(List<Received> received) {
    return (int) received.stream().map(r -> r.header("webhook-id")).distinct().count();
  }
}
