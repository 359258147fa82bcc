package io.flowmesh.client.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private final List<String> handled = Collections.synchronizedList(new ArrayList<>());

  private static String event(String id, String key) {
    return """
        {"specversion":"1.0","id":"%s","source":"/flowmesh/orchestrator-service",\
        "type":"io.flowmesh.run.started.v1","subject":"%s","partitionkey":"%s","data":{}}"""
        .formatted(id, key, key);
  }

  private static Map<String, List<String>> signed(String webhookId, String body) throws Exception {
    long now = Instant.now().getEpochSecond();
    String signature = new Webhook(SECRET).sign(webhookId, now, body);
    return Map.of(
        "Webhook-Id", List.of(webhookId),
        "Webhook-Timestamp", List.of(Long.toString(now)),
        "Webhook-Signature", List.of(signature));
  }

  @Test
  void aSignedDeliveryIsHandedOverWithItsIdKeyAndType() throws Exception {
    List<WebhookReceiver.Delivery> deliveries = new ArrayList<>();
    WebhookReceiver receiver = new WebhookReceiver(SECRET, deliveries::add);
    String body = event("e1", "run_1");

    WebhookReceiver.Outcome outcome = receiver.receive(body, signed("whd_1", body));

    assertThat(outcome.status()).isEqualTo(204);
    assertThat(deliveries)
        .singleElement()
        .satisfies(
            delivery -> {
              assertThat(delivery.webhookId()).isEqualTo("whd_1");
              assertThat(delivery.key()).isEqualTo("run_1");
              assertThat(delivery.type()).isEqualTo("io.flowmesh.run.started.v1");
              assertThat(delivery.event().get("id").asString()).isEqualTo("e1");
            });
  }

  @Test
  void aDeliveryWithAWrongOrMissingSignatureIsRefusedAndNotHandled() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(SECRET, delivery -> handled.add("!"));
    String body = event("e1", "run_1");
    Map<String, List<String>> headers = signed("whd_1", body);

    assertThat(receiver.receive(body.replace("e1", "e2"), headers).status()).isEqualTo(401);
    assertThat(receiver.receive(body, Map.of()).status()).isEqualTo(401);
    WebhookReceiver otherSecret =
        new WebhookReceiver("whsec_" + "A".repeat(32), delivery -> handled.add("!"));
    assertThat(otherSecret.receive(body, headers).status()).isEqualTo(401);
    assertThat(handled).isEmpty();
  }

  @Test
  void aRedeliveryOfAHandledIdIsAnsweredButNotHandledAgain() throws Exception {
    WebhookReceiver receiver =
        new WebhookReceiver(SECRET, delivery -> handled.add(delivery.webhookId()));
    String body = event("e1", "run_1");

    assertThat(receiver.receive(body, signed("whd_1", body)).status()).isEqualTo(204);
    WebhookReceiver.Outcome again = receiver.receive(body, signed("whd_1", body));

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.handled()).isFalse();
    assertThat(handled).containsExactly("whd_1");
  }

  @Test
  void aDeliveryWhoseHandlerFailedIsHandledWhenItComesAgain() throws Exception {
    AtomicBoolean failOnce = new AtomicBoolean(true);
    WebhookReceiver receiver =
        new WebhookReceiver(
            SECRET,
            delivery -> {
              if (failOnce.getAndSet(false)) {
                throw new IllegalStateException("database down");
              }
              handled.add(delivery.webhookId());
            });
    String body = event("e1", "run_1");

    WebhookReceiver.Outcome failed = receiver.receive(body, signed("whd_1", body));
    WebhookReceiver.Outcome retried = receiver.receive(body, signed("whd_1", body));

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.error()).contains("database down");
    assertThat(retried.status()).isEqualTo(204);
    assertThat(handled).containsExactly("whd_1");
  }

  @Test
  void onlyTheMostRecentIdsAreRemembered() throws Exception {
    WebhookReceiver receiver =
        new WebhookReceiver(List.of(SECRET), 2, delivery -> handled.add(delivery.webhookId()));
    for (String id : List.of("whd_1", "whd_2", "whd_3", "whd_1")) {
      String body = event(id, "run_1");
      receiver.receive(body, signed(id, body));
    }

    assertThat(handled).containsExactly("whd_1", "whd_2", "whd_3", "whd_1");
  }

  @Test
  void deliveriesOfOneKeyAreHandledOneAtATimeInTheOrderTheyArrived() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    WebhookReceiver receiver =
        new WebhookReceiver(
            SECRET,
            delivery -> {
              handled.add("start " + delivery.webhookId());
              if (delivery.webhookId().equals("whd_1")) {
                firstStarted.countDown();
                releaseFirst.await(5, TimeUnit.SECONDS);
              }
              handled.add("end " + delivery.webhookId());
            });
    String first = event("e1", "run_1");
    String second = event("e2", "run_1");
    String otherKey = event("e3", "run_2");

    try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
      Future<?> one = threads.submit(() -> receiver.receive(first, signed("whd_1", first)));
      firstStarted.await(5, TimeUnit.SECONDS);
      Future<?> two = threads.submit(() -> receiver.receive(second, signed("whd_2", second)));
      threads
          .submit(() -> receiver.receive(otherKey, signed("whd_3", otherKey)))
          .get(5, TimeUnit.SECONDS);
      assertThat(handled).containsExactly("start whd_1", "start whd_3", "end whd_3");
      releaseFirst.countDown();
      one.get(5, TimeUnit.SECONDS);
      two.get(5, TimeUnit.SECONDS);
    }

    assertThat(handled)
        .containsExactly(
            "start whd_1", "start whd_3", "end whd_3", "end whd_1", "start whd_2", "end whd_2");
  }
}
