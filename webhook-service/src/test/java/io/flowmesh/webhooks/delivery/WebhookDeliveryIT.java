package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.run.NodeCompleted;
import io.flowmesh.model.run.RunCompleted;
import io.flowmesh.model.run.RunStarted;
import io.flowmesh.testinfra.TestSeed;
import io.flowmesh.webhooks.Receiver;
import io.flowmesh.webhooks.Receiver.Received;
import io.flowmesh.webhooks.Receiver.Reply;
import io.flowmesh.webhooks.RunEvents;
import io.flowmesh.webhooks.RunEvents.Event;
import io.flowmesh.webhooks.WebhookServiceIntegrationTest;
import io.flowmesh.webhooks.subscription.Subscriptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Run events published to Kafka reach a real HTTP endpoint: per key in order, signed, retried,
 * never duplicated by redelivered records, never held up by another key's failures.
 */
@ExtendWith(TestSeed.class)
class WebhookDeliveryIT extends WebhookServiceIntegrationTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Autowired private JdbcClient jdbc;
  @Autowired private DeliveryStore store;
  @Autowired private WebhookSender sender;
  @Autowired private RetryPolicy policy;
  @Autowired private Subscriptions subscriptions;
  @Autowired private DeliveryProperties properties;

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
  void deliversEveryKeyInOrderSignedAsCloudEvents() throws Exception {
    String tenant = newTenant("order");
    JsonNode all = subscribe(tenant, receiver.url("localhost", "/all"), "io.flowmesh.run.*");
    JsonNode completed =
        subscribe(tenant, receiver.url("127.0.0.1", "/completed"), EventTypes.RUN_COMPLETED);
    List<String> keys = List.of("run-a", "run-b", "run-c");
    List<Event> events = interleavedRuns(tenant, keys, 8);
    Event functionEvent =
        Event.of(tenant, "run-a", EventTypes.FUNCTION_REQUESTED, Map.of("not", "a run event"));
    Event otherTenant = Event.of(newTenant("other"), "run-a", EventTypes.RUN_STARTED, Map.of());
    List<Event> published = new ArrayList<>(events);
    published.add(events.size() - 6, functionEvent); // before the last events of run-a
    published.add(events.size() - 6, otherTenant);

    runEvents.publish(published);

    await().atMost(DEADLINE).until(() -> receiver.received("/all").size() >= events.size());
    await().atMost(DEADLINE).until(() -> receiver.received("/completed").size() >= keys.size());
    List<Received> toAll = receiver.received("/all");
    assertThat(toAll).hasSize(events.size());
    assertThat(idsByKey(toAll)).isEqualTo(idsByKey(events));
    Webhook verifier = new Webhook(all.get("secret").asString());
    Set<String> webhookIds = new HashSet<>();
    for (Received request : toAll) {
      verifier.verify(request.body(), request.headers());
      assertThat(request.header("content-type")).isEqualTo("application/json");
      assertThat(request.header("host")).isEqualTo("localhost:" + receiver.port());
      assertThat(request.header("webhook-id")).matches("whd_[0-9a-f]{32}");
      assertThat(Long.parseLong(request.header("webhook-timestamp")))
          .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
      webhookIds.add(request.header("webhook-id"));
    }
    assertThat(webhookIds).hasSize(events.size());

    Event firstEvent = events.getFirst();
    JsonNode first =
        toAll.stream()
            .map(request -> json.readTree(request.body()))
            .filter(body -> body.get("id").asString().equals(firstEvent.id()))
            .findFirst()
            .orElseThrow();
    assertThat(first.get("specversion").asString()).isEqualTo("1.0");
    assertThat(first.get("id").asString()).isEqualTo(firstEvent.id());
    assertThat(first.get("type").asString()).isEqualTo(EventTypes.RUN_STARTED);
    assertThat(first.get("source").asString()).isEqualTo("/flowmesh/orchestrator-service");
    assertThat(first.get("subject").asString()).isEqualTo("run-a");
    assertThat(first.get("time").asString()).endsWith("Z");
    assertThat(first.get("datacontenttype").asString()).isEqualTo("application/json");
    assertThat(first.get("tenant").asString()).isEqualTo(tenant);
    assertThat(first.get("partitionkey").asString()).isEqualTo("run-a");
    assertThat(first.get("data").get("runId").asString()).isEqualTo("run-a");
    assertThat(first.get("data").get("workflowVersion").asInt()).isEqualTo(1);

    List<Received> toCompleted = receiver.received("/completed");
    assertThat(toCompleted).hasSize(keys.size());
    Webhook completedVerifier = new Webhook(completed.get("secret").asString());
    for (Received request : toCompleted) {
      completedVerifier.verify(request.body(), request.headers());
      assertThat(json.readTree(request.body()).get("type").asString())
          .isEqualTo(EventTypes.RUN_COMPLETED);
    }
    assertThat(deliveriesOf(functionEvent.id())).isZero();
    assertThat(deliveriesOf(otherTenant.id())).isZero();
  }

  @Test
  void aFailingKeyIsRetriedInOrderWithoutHoldingUpOtherKeys() {
    String tenant = newTenant("retry");
    subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "io.flowmesh.run.*");
    AtomicBoolean released = new AtomicBoolean();
    receiver.respond(
        request -> {
          boolean slow = request.body().contains("\"partitionkey\":\"slow\"");
          if (slow && !released.get()) {
            // Retry-After stretches the short test schedule, so the head outlives a slow machine.
            return new Reply(503, Map.of("Retry-After", "1"), "endpoint under maintenance");
          }
          return Reply.ok();
        });
    List<Event> events = interleavedRuns(tenant, List.of("slow", "fast-1", "fast-2"), 5);

    runEvents.publish(events);

    // The fast keys complete while the slow key's head is still failing.
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                succeeded("fast-1").size() == 5
                    && succeeded("fast-2").size() == 5
                    && attemptsOfKey("slow").size() >= 2);
    assertThat(succeeded("slow")).isEmpty();
    Event slowHead = events.stream().filter(e -> e.key().equals("slow")).findFirst().orElseThrow();
    // Only the head was attempted: strict head-of-line order per key.
    assertThat(attemptsOfKey("slow")).allSatisfy(r -> assertThat(r.body()).contains(slowHead.id()));
    assertThat(attemptsOfKey("slow").stream().map(r -> r.header("webhook-id")).distinct())
        .hasSize(1);

    released.set(true);

    await().atMost(DEADLINE).until(() -> succeeded("slow").size() == 5);
    assertThat(ids(succeeded("slow"))).containsExactlyElementsOf(idsOfKey(events, "slow"));
    assertThat(ids(succeeded("fast-1"))).containsExactlyElementsOf(idsOfKey(events, "fast-1"));
    String headDelivery = attemptsOfKey("slow").getFirst().header("webhook-id");
    List<Map<String, Object>> attempts =
        jdbc.sql(
                "SELECT attempt, status_code, response_excerpt, error FROM delivery_attempts"
                    + " WHERE delivery_id = ? ORDER BY attempt")
            .param(headDelivery)
            .query()
            .listOfRows();
    assertThat(attempts.size()).isGreaterThanOrEqualTo(3);
    assertThat(attempts.subList(0, attempts.size() - 1))
        .allSatisfy(
            a -> {
              assertThat(a.get("status_code")).isEqualTo(503);
              assertThat(a.get("response_excerpt")).isEqualTo("endpoint under maintenance");
              assertThat(a.get("error")).isEqualTo("HTTP 503");
            });
    assertThat(attempts.getLast().get("status_code")).isEqualTo(200);
    assertThat(attempts.stream().map(a -> a.get("attempt")).toList())
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, attempts.size()).boxed().toList());
  }

  @Test
  void redeliveredRecordsCreateNoDuplicateDeliveries() {
    String tenant = newTenant("dup");
    subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*");
    List<Event> events = interleavedRuns(tenant, List.of("run-1", "run-2"), 4);
    runEvents.publish(events);
    await().atMost(DEADLINE).until(() -> receiver.received().size() == events.size());

    Event later = Event.of(tenant, "run-1", EventTypes.RUN_FAILED, Map.of("runId", "run-1"));
    List<Event> again = new ArrayList<>(events);
    again.add(later);
    runEvents.publish(again); // the same records once more, as after a consumer crash
    runEvents.publishGarbage("run-1"); // and a record that is no CloudEvent: skipped

    await().atMost(DEADLINE).until(() -> ids(receiver.received()).contains(later.id()));
    List<String> expected = new ArrayList<>(idsOfKey(events, "run-1"));
    expected.add(later.id());
    assertThat(idsByKey(receiver.received()).get("run-1")).isEqualTo(expected);
    assertThat(receiver.received()).hasSize(events.size() + 1);
    assertThat(
            jdbc.sql("SELECT count(*) FROM deliveries WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single())
        .isEqualTo(events.size() + 1L);
  }

  @Test
  void exhaustedRetriesDeadLetterTheHeadAndTheKeyMovesOn() {
    String tenant = newTenant("dead");
    subscribeWith(tenant, receiver.url("127.0.0.1", "/hook"), "\"failurePolicy\":\"skip\"", "*");
    List<Event> events = interleavedRuns(tenant, List.of("doomed"), 3);
    String poison = events.getFirst().id();
    receiver.respond(request -> request.body().contains(poison) ? Reply.status(500) : Reply.ok());

    runEvents.publish(events);

    await().atMost(DEADLINE).until(() -> succeeded("doomed").size() == 2);
    assertThat(ids(succeeded("doomed")))
        .containsExactlyElementsOf(idsOfKey(events, "doomed").subList(1, 3));
    Map<String, Object> dead =
        jdbc.sql("SELECT status, attempts, last_error FROM deliveries WHERE event_id = ?")
            .param(poison)
            .query()
            .singleRow();
    assertThat(dead.get("status")).isEqualTo("DEAD");
    assertThat(dead.get("attempts")).isEqualTo(policy.maxAttempts());
    assertThat(dead.get("last_error")).isEqualTo("HTTP 500");
    assertThat(receiver.received().stream().filter(r -> r.body().contains(poison)))
        .hasSize(policy.maxAttempts());
  }

  @Test
  void retryAfterIsHonoured() {
    String tenant = newTenant("later");
    subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*");
    AtomicInteger calls = new AtomicInteger();
    receiver.respond(
        request ->
            calls.incrementAndGet() == 1
                ? new Reply(429, Map.of("Retry-After", "2"), "slow down")
                : Reply.ok());

    runEvents.publish(List.of(Event.of(tenant, "run-x", EventTypes.RUN_STARTED, Map.of())));

    await().atMost(DEADLINE).until(() -> receiver.received().size() == 2);
    List<Received> requests = receiver.received();
    // The schedule alone would retry after 100 ms.
    assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(requests.get(1).header("webhook-id"))
        .isEqualTo(requests.get(0).header("webhook-id"));
  }

  @Test
  void goneDisablesTheSubscription() {
    String tenant = newTenant("gone");
    String id = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*").get("id").asString();
    receiver.respond(request -> Reply.status(410));

    runEvents.publish(interleavedRuns(tenant, List.of("run-g"), 2));

    await()
        .atMost(DEADLINE)
        .until(
            () ->
                get(tenant, "/api/v1/webhook-subscriptions/" + id)
                    .body()
                    .get("state")
                    .asString()
                    .equals("DISABLED"));
    assertThat(receiver.received()).hasSize(1);
    assertThat(
            jdbc.sql("SELECT status FROM deliveries WHERE subscription_id = ? ORDER BY seq")
                .param(id)
                .query(String.class)
                .list())
        .containsExactly("PENDING", "PENDING");
  }

  @Test
  void twoEnginesNeverSendOneKeyConcurrentlyAndKeepOrderUnderRandomFailures(Random random)
      throws Exception {
    String tenant = newTenant("race");
    JsonNode subscription = subscribe(tenant, receiver.url("127.0.0.1", "/hook"), "*");
    Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicBoolean overlap = new AtomicBoolean();
    receiver.respond(
        request -> {
          String key = json.readTree(request.body()).get("partitionkey").asString();
          AtomicInteger counter = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
          if (counter.incrementAndGet() > 1) {
            overlap.set(true);
          }
          try {
            Thread.sleep(2);
            return random.nextInt(4) == 0 ? Reply.status(500) : Reply.ok();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          } finally {
            counter.decrementAndGet();
          }
        });
    AtomicInteger secondInFlight = new AtomicInteger();
    DeliveryEngine second =
        new DeliveryEngine(
            store,
            sender,
            policy,
            subscriptions,
            properties,
            Clock.systemUTC(),
            secondInFlight,
            new DeliveryMetrics(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), secondInFlight),
            io.flowmesh.messaging.MessageSpans.NONE);
    second.start();
    try {
      List<String> keys =
          java.util.stream.IntStream.range(0, 20).mapToObj(i -> "key-" + i).toList();
      List<Event> events = interleavedRuns(tenant, keys, 10);

      runEvents.publish(events);

      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  ids(receiver.received().stream().filter(r -> r.status() == 200).toList()).size()
                      >= events.size());
      List<Received> succeeded =
          receiver.received().stream().filter(r -> r.status() == 200).toList();
      assertThat(overlap).isFalse();
      assertThat(succeeded).hasSize(events.size()); // no confirmed delivery sent twice
      assertThat(idsByKey(succeeded)).isEqualTo(idsByKey(events));
      Webhook verifier = new Webhook(subscription.get("secret").asString());
      for (Received request : succeeded) {
        verifier.verify(request.body(), request.headers());
      }
    } finally {
      second.stop();
    }
  }

  /** Runs of {@code perKey} events each (started, node completed..., completed), interleaved. */
  private static List<Event> interleavedRuns(String tenant, List<String> keys, int perKey) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (String key : keys) {
        Instant now = Instant.now();
        Event event;
        if (i == 0) {
          event =
              Event.of(
                  tenant, key, EventTypes.RUN_STARTED, new RunStarted(key, "wf", 1, Map.of(), now));
        } else if (i == perKey - 1) {
          event =
              Event.of(
                  tenant,
                  key,
                  EventTypes.RUN_COMPLETED,
                  new RunCompleted(key, "wf", 1, Map.of("n", i), now));
        } else {
          event =
              Event.of(
                  tenant,
                  key,
                  EventTypes.NODE_COMPLETED,
                  new NodeCompleted(key, "step-" + i, 1, Map.of("n", i), now));
        }
        events.add(event);
      }
    }
    return events;
  }

  private List<Received> attemptsOfKey(String key) {
    return receiver.received().stream()
        .filter(r -> r.body().contains("\"partitionkey\":\"" + key + "\""))
        .toList();
  }

  private List<Received> succeeded(String key) {
    return attemptsOfKey(key).stream().filter(r -> r.status() == 200).toList();
  }

  private List<String> ids(List<Received> requests) {
    return requests.stream().map(r -> json.readTree(r.body()).get("id").asString()).toList();
  }

  private static List<String> idsOfKey(List<Event> events, String key) {
    return events.stream().filter(e -> e.key().equals(key)).map(Event::id).toList();
  }

  private Map<String, List<String>> idsByKey(List<?> items) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (Object item : items) {
      if (item instanceof Event event) {
        byKey.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event.id());
      } else if (item instanceof Received request) {
        JsonNode body = json.readTree(request.body());
        byKey
            .computeIfAbsent(body.get("partitionkey").asString(), k -> new ArrayList<>())
            .add(body.get("id").asString());
      }
    }
    return byKey.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private long deliveriesOf(String eventId) {
    return jdbc.sql("SELECT count(*) FROM deliveries WHERE event_id = ?")
        .param(eventId)
        .query(Long.class)
        .single();
  }
}
