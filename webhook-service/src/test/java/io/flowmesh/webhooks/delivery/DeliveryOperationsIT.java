package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.webhooks.Receiver;
import io.flowmesh.webhooks.Receiver.Received;
import io.flowmesh.webhooks.Receiver.Reply;
import io.flowmesh.webhooks.RunEvents;
import io.flowmesh.webhooks.RunEvents.Event;
import io.flowmesh.webhooks.WebhookServiceIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operations API: inspect deliveries, attempts and keys; unblock, replay, recover. */
class DeliveryOperationsIT extends WebhookServiceIntegrationTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String SUBS = "/api/v1/webhook-subscriptions/";

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
  void aBlockedKeyIsVisibleAndRetryingItSendsTheDeadHeadFirst() {
    String tenant = newTenant("unblock");
    String id = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*").get("id").asString();
    List<Event> events = runOf(tenant, "k", 3);
    String poison = events.getFirst().id();
    AtomicBoolean healed = new AtomicBoolean();
    receiver.respond(
        r -> r.body().contains(poison) && !healed.get() ? Reply.status(500) : Reply.ok());

    runEvents.publish(events);

    await()
        .atMost(DEADLINE)
        .until(() -> items(get(tenant, SUBS + id + "/keys?state=blocked")).size() == 1);
    JsonNode key = items(get(tenant, SUBS + id + "/keys?state=blocked")).getFirst();
    assertThat(key.get("key").asString()).isEqualTo("k");
    assertThat(key.get("pending").asLong()).isEqualTo(2);
    assertThat(key.get("oldestPendingAgeSeconds").asLong()).isGreaterThanOrEqualTo(0);
    String deadId = key.get("blockedBy").asString();
    List<JsonNode> dead =
        items(get(tenant, "/api/v1/webhook-deliveries?subscriptionId=" + id + "&status=dead"));
    assertThat(dead).hasSize(1);
    assertThat(dead.getFirst().get("id").asString()).isEqualTo(deadId);
    assertThat(dead.getFirst().get("blocksKey").asBoolean()).isTrue();
    List<JsonNode> attempts =
        items(get(tenant, "/api/v1/webhook-deliveries/" + deadId + "/attempts?limit=200"));
    assertThat(attempts)
        .hasSize(10)
        .allSatisfy(a -> assertThat(a.get("statusCode").asInt()).isEqualTo(500));
    // Replaying the blocking head out of line would break order: the API says how to do it.
    Response replay = post(tenant, "/api/v1/webhook-deliveries/" + deadId + "/replay", "");
    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.body().get("detail").asString()).contains("unblock");
    assertThat(succeeded()).isEmpty();

    healed.set(true);
    Response unblocked =
        post(tenant, SUBS + id + "/keys/unblock", "{\"key\":\"k\",\"mode\":\"retry\"}");
    assertThat(unblocked.status()).as(unblocked.toString()).isEqualTo(200);

    await().atMost(DEADLINE).until(() -> succeeded().size() == 3);
    assertThat(ids(succeeded())).containsExactlyElementsOf(events.stream().map(Event::id).toList());
    Response again =
        post(tenant, SUBS + id + "/keys/unblock", "{\"key\":\"k\",\"mode\":\"retry\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().get("type").asString()).isEqualTo(ProblemTypes.CONFLICT.toString());
    assertThat(items(get(tenant, SUBS + id + "/keys"))).isEmpty();
    assertThat(items(get(tenant, SUBS + id + "/keys?state=all"))).hasSize(1);
  }

  @Test
  void skippingADeadHeadThenReplayingDeadLettersAppendsItAtTheEnd() {
    String tenant = newTenant("skipreplay");
    String id = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*").get("id").asString();
    List<Event> events = runOf(tenant, "k", 3);
    String poison = events.getFirst().id();
    AtomicBoolean healed = new AtomicBoolean();
    receiver.respond(
        r -> r.body().contains(poison) && !healed.get() ? Reply.status(500) : Reply.ok());
    runEvents.publish(events);
    await()
        .atMost(DEADLINE)
        .until(() -> items(get(tenant, SUBS + id + "/keys?state=blocked")).size() == 1);

    assertThat(
            post(tenant, SUBS + id + "/keys/unblock", "{\"key\":\"k\",\"mode\":\"skip\"}").status())
        .isEqualTo(200);
    await().atMost(DEADLINE).until(() -> succeeded().size() == 2);
    healed.set(true);
    Response replayed = post(tenant, SUBS + id + "/replay-dead-letters", "{\"key\":\"k\"}");
    assertThat(replayed.status()).isEqualTo(202);
    assertThat(replayed.body().get("replayed").asInt()).isEqualTo(1);

    await().atMost(DEADLINE).until(() -> succeeded().size() == 3);
    assertThat(ids(succeeded()))
        .containsExactly(events.get(1).id(), events.get(2).id(), events.get(0).id());
    assertThat(post(tenant, SUBS + id + "/replay-dead-letters", "").body().get("replayed").asInt())
        .isZero();
  }

  @Test
  void replayAndRecoverAppendCopiesInOrder() {
    String tenant = newTenant("recover");
    String id = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*").get("id").asString();
    Instant before = Instant.now().minusSeconds(5);
    List<Event> events = runOf(tenant, "r", 3);
    runEvents.publish(events);
    await().atMost(DEADLINE).until(() -> succeeded().size() == 3);
    List<JsonNode> page1 =
        items(get(tenant, "/api/v1/webhook-deliveries?subscriptionId=" + id + "&limit=2"));
    Response first = get(tenant, "/api/v1/webhook-deliveries?subscriptionId=" + id + "&limit=2");
    String cursor = first.body().get("nextCursor").asString();
    List<JsonNode> page2 =
        items(
            get(
                tenant,
                "/api/v1/webhook-deliveries?subscriptionId=" + id + "&limit=2&cursor=" + cursor));
    assertThat(page1).hasSize(2);
    assertThat(page2).hasSize(1);
    String firstEvent = events.getFirst().id();
    String firstDelivery =
        java.util.stream.Stream.concat(page1.stream(), page2.stream())
            .filter(d -> d.get("eventId").asString().equals(firstEvent))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asString();

    Response replay = post(tenant, "/api/v1/webhook-deliveries/" + firstDelivery + "/replay", "");
    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.body().get("replayOf").asString()).isEqualTo(firstDelivery);
    await().atMost(DEADLINE).until(() -> succeeded().size() == 4);
    Received copy = succeeded().get(3);
    assertThat(ids(List.of(copy))).containsExactly(events.getFirst().id());
    assertThat(copy.header("webhook-id")).isNotEqualTo(firstDelivery);

    Response recovered = post(tenant, SUBS + id + "/recover", "{\"since\":\"" + before + "\"}");
    assertThat(recovered.body().get("replayed").asInt()).isEqualTo(3);
    await().atMost(DEADLINE).until(() -> succeeded().size() == 7);
    assertThat(ids(succeeded().subList(4, 7)))
        .containsExactlyElementsOf(events.stream().map(Event::id).toList());

    String other = newTenant("other");
    assertThat(post(other, "/api/v1/webhook-deliveries/" + firstDelivery + "/replay", "").status())
        .isEqualTo(404);
    assertThat(get(other, "/api/v1/webhook-deliveries/" + firstDelivery).status()).isEqualTo(404);
    assertThat(get(other, "/api/v1/webhook-deliveries?subscriptionId=" + id).status())
        .isEqualTo(404);
    assertThat(post(tenant, SUBS + id + "/recover", "{}").body().toString()).contains("since");
    assertThat(
            get(tenant, "/api/v1/webhook-deliveries?subscriptionId=" + id + "&status=lost")
                .body()
                .toString())
        .contains("status");
  }

  @Test
  void queueDepthIsVisiblePerKeyAndAsGaugesPerSubscriptionAndAcrossKeys() throws Exception {
    String tenant = newTenant("depth");
    String id = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*").get("id").asString();
    receiver.respond(r -> new Reply(503, Map.of("Retry-After", "3600"), "down"));

    runEvents.publish(runOf(tenant, "d", 4));

    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              List<JsonNode> keys = items(get(tenant, SUBS + id + "/keys"));
              return keys.size() == 1 && keys.getFirst().get("pending").asLong() == 4;
            });
    awaitPrometheusLine(
        l ->
            l.startsWith("flowmesh_webhook_queue_depth")
                && l.contains("subscription=\"" + id + "\"")
                && l.endsWith(" 4.0"));
    // Across all subscriptions, never per key: at least these 4 pending, in one key's queue.
    awaitPrometheusLine(
        l ->
            l.startsWith("flowmesh_webhook_queue_pending ")
                && Double.parseDouble(l.substring(l.indexOf(' ') + 1)) >= 4);
    awaitPrometheusLine(
        l ->
            l.startsWith("flowmesh_webhook_queue_key_depth_max ")
                && Double.parseDouble(l.substring(l.indexOf(' ') + 1)) >= 4);
  }

  private void awaitPrometheusLine(Predicate<String> line) {
    await().atMost(DEADLINE).until(() -> prometheus().lines().anyMatch(line));
  }

  private String prometheus() throws Exception {
    return http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static List<JsonNode> items(Response response) {
    if (response.status() != 200) {
      throw new AssertionError(response.toString());
    }
    List<JsonNode> items = new ArrayList<>();
    response.body().get("items").values().forEach(items::add);
    return items;
  }

  private static List<Event> runOf(String tenant, String key, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(Event.of(tenant, key, EventTypes.NODE_COMPLETED, Map.of("i", i)));
    }
    return events;
  }

  private List<Received> succeeded() {
    return receiver.received().stream().filter(r -> r.status() == 200).toList();
  }

  private List<String> ids(List<Received> requests) {
    return requests.stream().map(r -> json.readTree(r.body()).get("id").asString()).toList();
  }
}
