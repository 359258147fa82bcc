package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.flowmesh.model.EventTypes;
import io.flowmesh.testinfra.TestSeed;
import io.flowmesh.webhooks.Receiver;
import io.flowmesh.webhooks.Receiver.Received;
import io.flowmesh.webhooks.Receiver.Reply;
import io.flowmesh.webhooks.RunEvents;
import io.flowmesh.webhooks.RunEvents.Event;
import io.flowmesh.webhooks.WebhookServiceIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** The delivery promise at scale: strict per-key order under random failures, and isolation. */
@ExtendWith(TestSeed.class)
class DeliveryGuaranteesIT extends WebhookServiceIntegrationTest {

  private Receiver receiver;
  private RunEvents runEvents;

  @BeforeEach
  void start() {
    receiver = new Receiver();
    runEvents = new RunEvents(json);
  }

  @AfterEach
  void stop() {
    receiver.close();
    runEvents.close();
  }

  @Test
  void hundredKeysOfFiftyEventsArriveInOrderUnderRandomFailures(Random random) throws Exception {
    String tenant = newTenant("random");
    JsonNode subscription = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*");
    // One in eight attempts fails: 500, 429 or 503, at random.
    receiver.respond(
        request -> {
          int dice = random.nextInt(24);
          return switch (dice) {
            case 0 -> Reply.status(500);
            case 1 -> Reply.status(429);
            case 2 -> Reply.status(503);
            default -> Reply.ok();
          };
        });
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      keys.add("key-" + k);
    }
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      for (String key : keys) {
        events.add(Event.of(tenant, key, EventTypes.NODE_COMPLETED, Map.of("i", i)));
      }
    }

    runEvents.publish(events);

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> succeeded().size() >= events.size());
    List<Received> succeeded = succeeded();
    assertThat(succeeded).hasSize(events.size()); // no confirmed delivery sent twice
    assertThat(idsByKey(succeeded)).isEqualTo(expectedByKey(events));
    assertThat(receiver.received().size()).isGreaterThan(events.size()); // failures did happen
    Webhook verifier = new Webhook(subscription.get("secret").asString());
    for (Received request : receiver.received()) {
      verifier.verify(request.body(), request.headers());
    }
  }

  @Test
  void aKeyWhoseEndpointIsDownDoesNotDelayTheOtherKeys() {
    String tenant = newTenant("isolation");
    subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*");
    // The down key fails fast and without Retry-After: the engine keeps retrying it at the
    // short test schedule the whole time the other keys are delivered.
    receiver.respond(
        r -> r.body().contains("\"partitionkey\":\"down\"") ? Reply.status(503) : Reply.ok());
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(Event.of(tenant, "down", EventTypes.NODE_COMPLETED, Map.of("i", i)));
      for (int k = 0; k < 19; k++) {
        events.add(Event.of(tenant, "up-" + k, EventTypes.NODE_COMPLETED, Map.of("i", i)));
      }
    }

    runEvents.publish(events);

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> succeeded().size() == 19 * 20 && attemptsOf("down").size() >= 2);
    // Every other key completed while the down key is still on its first event.
    List<Received> down = attemptsOf("down");
    assertThat(down).allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
    assertThat(down.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
    assertThat(ids(down).getFirst()).isEqualTo(events.getFirst().id());
    Map<String, List<String>> expected = expectedByKey(events);
    expected.remove("down");
    assertThat(idsByKey(succeeded())).isEqualTo(expected);
  }

  private List<Received> succeeded() {
    return receiver.received().stream().filter(r -> r.status() == 200).toList();
  }

  private List<Received> attemptsOf(String key) {
    return receiver.received().stream()
        .filter(r -> r.body().contains("\"partitionkey\":\"" + key + "\""))
        .toList();
  }

  private List<String> ids(List<Received> requests) {
    return requests.stream().map(r -> json.readTree(r.body()).get("id").asString()).toList();
  }

  private static Map<String, List<String>> expectedByKey(List<Event> events) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (Event event : events) {
      byKey.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event.id());
    }
    return byKey;
  }

  private Map<String, List<String>> idsByKey(List<Received> requests) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (Received request : requests) {
      JsonNode body = json.readTree(request.body());
      byKey
          .computeIfAbsent(body.get("partitionkey").asString(), k -> new ArrayList<>())
          .add(body.get("id").asString());
    }
    return byKey;
  }
}
