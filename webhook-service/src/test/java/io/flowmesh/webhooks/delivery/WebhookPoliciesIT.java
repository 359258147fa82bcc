package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TopicReader;
import io.flowmesh.webhooks.Receiver;
import io.flowmesh.webhooks.Receiver.Received;
import io.flowmesh.webhooks.Receiver.Reply;
import io.flowmesh.webhooks.RunEvents;
import io.flowmesh.webhooks.RunEvents.Event;
import io.flowmesh.webhooks.WebhookServiceIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Per-subscription settings at work: CEL filter and ordering key, block and skip policies with
 * their platform events, secret rotation, payload limit, rate limit, endpoint health, test-send.
 */
class WebhookPoliciesIT extends WebhookServiceIntegrationTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @Autowired private JdbcClient jdbc;

  private Receiver receiver;
  private RunEvents runEvents;
  private TopicReader platformEvents;

  @BeforeEach
  void start() {
    receiver = new Receiver();
    runEvents = new RunEvents(json);
    platformEvents = TopicReader.fromBeginning(Topics.PLATFORM_EVENTS);
  }

  @AfterEach
  void stop() {
    receiver.close();
    runEvents.close();
    platformEvents.close();
  }

  @Test
  void celFilterSelectsEventsAndTheKeyExpressionOrdersThem() {
    String tenant = newTenant("cel");
    subscribeWith(
        tenant,
        receiver.url("127.0.0.1", "/hook"),
        "\"filter\":\"event.data.n % 2 == 0\",\"orderingKey\":\"'order-' + string(event.data.order)\"",
        "*");
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      // Kafka keys vary per event; the subscription orders by the order number in the data.
      events.add(
          Event.of(
              tenant, "k" + n, EventTypes.RUN_STARTED, Map.of("n", n, "order", n % 4 < 2 ? 1 : 2)));
    }

    runEvents.publish(events);

    List<Event> expected = events.stream().filter(e -> n(e) % 2 == 0).toList();
    await().atMost(DEADLINE).until(() -> receiver.received().size() >= expected.size());
    List<Received> received = receiver.received();
    assertThat(received).hasSize(expected.size());
    Map<String, List<String>> byKey = new HashMap<>();
    for (Received request : received) {
      JsonNode body = json.readTree(request.body());
      assertThat(body.get("data").get("n").asInt() % 2).isZero();
      byKey
          .computeIfAbsent(body.get("partitionkey").asString(), k -> new ArrayList<>())
          .add(body.get("id").asString());
    }
    assertThat(byKey.keySet()).containsExactlyInAnyOrder("order-1", "order-2");
  }

  @Test
  void blockPolicyHoldsTheKeyAndAnnouncesTheDeadLetter() {
    String tenant = newTenant("block");
    String id = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*").get("id").asString();
    List<Event> stuck = runOf(tenant, "stuck", 3);
    List<Event> fine = runOf(tenant, "fine", 3);
    String poison = stuck.getFirst().id();
    receiver.respond(r -> r.body().contains(poison) ? Reply.status(500) : Reply.ok());

    runEvents.publish(interleave(stuck, fine));

    InboundEvent event = awaitPlatformEvent(EventTypes.WEBHOOK_DELIVERY_DEAD_LETTERED, id);
    JsonNode data = json.readTree(event.data());
    assertThat(data.get("eventId").asString()).isEqualTo(poison);
    assertThat(data.get("orderingKey").asString()).isEqualTo("stuck");
    assertThat(data.get("keyBlocked").asBoolean()).isTrue();
    assertThat(data.get("lastError").asString()).isEqualTo("HTTP 500");
    assertThat(event.tenant()).isEqualTo(tenant);
    await().atMost(DEADLINE).until(() -> succeeded("fine").size() == 3);
    // The blocked key sent nothing after its dead head: its successors still wait, unscheduled.
    assertThat(succeeded("stuck")).isEmpty();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM deliveries WHERE subscription_id = ? AND ordering_key ="
                        + " 'stuck' AND status = 'PENDING' AND next_attempt_at IS NULL")
                .param(id)
                .query(Long.class)
                .single())
        .isEqualTo(2L);
  }

  @Test
  void skipPolicyDeadLettersAndGoesOnWithAnEvent() {
    String tenant = newTenant("skip");
    String id =
        subscribeWith(tenant, receiver.url("127.0.0.1", "/hook"), "\"failurePolicy\":\"skip\"", "*")
            .get("id")
            .asString();
    List<Event> events = runOf(tenant, "k", 3);
    String poison = events.get(1).id();
    receiver.respond(r -> r.body().contains(poison) ? Reply.status(503) : Reply.ok());

    runEvents.publish(events);

    await().atMost(DEADLINE).until(() -> succeeded("k").size() == 2);
    assertThat(ids(succeeded("k"))).containsExactly(events.get(0).id(), events.get(2).id());
    JsonNode data =
        json.readTree(awaitPlatformEvent(EventTypes.WEBHOOK_DELIVERY_DEAD_LETTERED, id).data());
    assertThat(data.get("keyBlocked").asBoolean()).isFalse();
    assertThat(data.get("eventId").asString()).isEqualTo(poison);
  }

  @Test
  void rotationSendsBothSignaturesDuringTheOverlap() throws Exception {
    String tenant = newTenant("rotate");
    JsonNode created = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*");
    String id = created.get("id").asString();
    String oldSecret = created.get("secret").asString();
    Response rotated = post(tenant, "/api/v1/webhook-subscriptions/" + id + "/rotate-secret", "");
    String newSecret = rotated.body().get("secret").asString();

    runEvents.publish(List.of(Event.of(tenant, "r", EventTypes.RUN_STARTED, Map.of())));

    await().atMost(DEADLINE).until(() -> receiver.received().size() == 1);
    Received request = receiver.received().getFirst();
    String[] signatures = request.header("webhook-signature").split(" ");
    assertThat(signatures).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
    // Each secret alone verifies: receivers on either secret accept the request.
    new Webhook(newSecret).verify(request.body(), request.headers());
    new Webhook(oldSecret).verify(request.body(), request.headers());
  }

  @Test
  void tooLargeEventsAreDeadLettersThatNeverBlockTheKey() {
    String tenant = newTenant("large");
    String id = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*").get("id").asString();
    Event huge =
        Event.of(tenant, "big", EventTypes.RUN_STARTED, Map.of("blob", "x".repeat(20_000)));
    Event after = Event.of(tenant, "big", EventTypes.RUN_COMPLETED, Map.of("n", 1));

    runEvents.publish(List.of(huge, after));

    await().atMost(DEADLINE).until(() -> succeeded("big").size() == 1);
    assertThat(ids(succeeded("big"))).containsExactly(after.id());
    Map<String, Object> dead =
        jdbc.sql("SELECT status, last_error, attempts FROM deliveries WHERE event_id = ?")
            .param(huge.id())
            .query()
            .singleRow();
    assertThat(dead.get("status")).isEqualTo("DEAD");
    assertThat(dead.get("attempts")).isEqualTo(0);
    assertThat((String) dead.get("last_error"))
        .contains("exceeds the limit of 8192 bytes")
        .contains("max-payload-size");
    awaitPlatformEvent(EventTypes.WEBHOOK_DELIVERY_DEAD_LETTERED, id);
  }

  @Test
  void rateLimitBoundsDeliveriesPerSecond() {
    String tenant = newTenant("rate");
    int rate = 4;
    subscribeWith(tenant, receiver.url("127.0.0.1", "/hook"), "\"rateLimit\":" + rate, "*");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      events.add(Event.of(tenant, "key-" + i, EventTypes.RUN_STARTED, Map.of()));
    }

    runEvents.publish(events);

    await().atMost(DEADLINE).until(() -> receiver.received().size() == events.size());
    // Token bucket: a full bucket (rate) plus what refills in a second (rate). Counting arrivals
    // in any one-second window: slowness can only lower the count, never raise it.
    List<Received> received = receiver.received();
    for (Received first : received) {
      long inWindow =
          received.stream()
              .filter(r -> !r.at().isBefore(first.at()))
              .filter(r -> r.at().isBefore(first.at().plusSeconds(1)))
              .count();
      assertThat(inWindow).isLessThanOrEqualTo(2L * rate);
    }
  }

  @Test
  void anEndpointFailingLongerThanAllowedIsDisabledWithAnEvent() {
    String tenant = newTenant("health");
    String id =
        subscribeWith(tenant, receiver.url("127.0.0.1", "/hook"), "\"failurePolicy\":\"skip\"", "*")
            .get("id")
            .asString();
    receiver.respond(r -> Reply.status(502));
    runEvents.publish(List.of(Event.of(tenant, "h", EventTypes.RUN_STARTED, Map.of())));
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                jdbc.sql("SELECT failing_since IS NOT NULL FROM subscriptions WHERE id = ?")
                    .param(id)
                    .query(Boolean.class)
                    .single());
    // As if it had been failing for six days (the default limit is five); the next failed attempt
    // (of a second event, in case the first is already a dead letter) finds out.
    jdbc.sql("UPDATE subscriptions SET failing_since = now() - interval '6 days' WHERE id = ?")
        .param(id)
        .update();
    runEvents.publish(List.of(Event.of(tenant, "h2", EventTypes.RUN_STARTED, Map.of())));

    await()
        .atMost(DEADLINE)
        .until(
            () ->
                get(tenant, "/api/v1/webhook-subscriptions/" + id)
                    .body()
                    .get("state")
                    .asString()
                    .equals("DISABLED"));
    assertThat(
            get(tenant, "/api/v1/webhook-subscriptions/" + id)
                .body()
                .get("disabledReason")
                .asString())
        .contains("disable-after");
    awaitPlatformEvent(EventTypes.WEBHOOK_SUBSCRIPTION_DISABLED, id);
  }

  @Test
  void testSendReportsWhatTheEndpointAnswered() throws Exception {
    String tenant = newTenant("probe");
    JsonNode created = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*");
    String id = created.get("id").asString();
    receiver.respond(r -> new Reply(418, Map.of(), "I'm a teapot"));

    Response result = post(tenant, "/api/v1/webhook-subscriptions/" + id + "/test", "");

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body().get("outcome").asString()).isEqualTo("http_error");
    assertThat(result.body().get("statusCode").asInt()).isEqualTo(418);
    assertThat(result.body().get("responseExcerpt").asString()).isEqualTo("I'm a teapot");
    Received request = receiver.received().getFirst();
    new Webhook(created.get("secret").asString()).verify(request.body(), request.headers());
    assertThat(json.readTree(request.body()).get("type").asString())
        .isEqualTo(EventTypes.WEBHOOK_TEST);
    assertThat(post(newTenant("x"), "/api/v1/webhook-subscriptions/" + id + "/test", "").status())
        .isEqualTo(404);
  }

  private static int n(Event event) {
    return (Integer) ((Map<?, ?>) event.data()).get("n");
  }

  private static List<Event> runOf(String tenant, String key, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(Event.of(tenant, key, EventTypes.NODE_COMPLETED, Map.of("i", i)));
    }
    return events;
  }

  private static List<Event> interleave(List<Event> a, List<Event> b) {
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i < a.size()) {
        all.add(a.get(i));
      }
      if (i < b.size()) {
        all.add(b.get(i));
      }
    }
    return all;
  }

  private List<Received> succeeded(String key) {
    return receiver.received().stream()
        .filter(r -> r.status() == 200)
        .filter(r -> r.body().contains("\"partitionkey\":\"" + key + "\""))
        .toList();
  }

  private List<String> ids(List<Received> requests) {
    return requests.stream().map(r -> json.readTree(r.body()).get("id").asString()).toList();
  }

  /** The first platform event of this type keyed by the subscription, as an operator reads it. */
  private InboundEvent awaitPlatformEvent(String type, String subscriptionId) {
    return platformEvents
        .awaitRecords(e -> e.type().equals(type) && subscriptionId.equals(e.key()), 1, DEADLINE)
        .getFirst();
  }
}
