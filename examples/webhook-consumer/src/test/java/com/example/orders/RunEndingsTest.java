package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.flowmesh.client.webhook.WebhookReceiver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEndingsTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void aSignedRunCompletedDeliveryRecordsTheRunAsCompletedOnce() throws Exception {
    RunEndings endings = new RunEndings();
    WebhookReceiver receiver = new WebhookReceiver(SECRET, endings);
    String body =
        """
        {"specversion":"1.0","id":"e9","source":"/flowmesh/orchestrator-service",\
        "type":"io.flowmesh.run.completed.v1","subject":"run_1","partitionkey":"run_1","data":{}}""";
    long now = Instant.now().getEpochSecond();
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of("whd_9"),
            "webhook-timestamp", List.of(Long.toString(now)),
            "webhook-signature", List.of(new Webhook(SECRET).sign("whd_9", now, body)));

    assertThat(receiver.receive(body, headers).status()).isEqualTo(204);
    assertThat(receiver.receive(body, headers).status()).isEqualTo(200);
    assertThat(endings.endedRuns()).isEqualTo(Map.of("run_1", "COMPLETED"));
  }
}
