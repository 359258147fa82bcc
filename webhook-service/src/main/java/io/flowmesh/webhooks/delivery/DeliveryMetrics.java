package io.flowmesh.webhooks.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's meters. */
final class DeliveryMetrics {

  private final Map<AttemptResult.Outcome, Counter> attempts =
      new EnumMap<>(AttemptResult.Outcome.class);
  private final Timer attemptDuration;
  private final Timer deliveryLatency;
  private final Counter delivered;
  private final Counter dead;

  DeliveryMetrics(MeterRegistry meters, AtomicInteger inFlight) {
    for (AttemptResult.Outcome outcome : AttemptResult.Outcome.values()) {
      attempts.put(
          outcome,
          Counter.builder("flowmesh.webhook.attempts")
              .description("Webhook delivery attempts by outcome")
              .tag("outcome", outcome.tag())
              .register(meters));
    }
    attemptDuration =
        Timer.builder("flowmesh.webhook.attempt.duration")
            .description("Duration of one webhook HTTP attempt")
            .publishPercentileHistogram()
            .register(meters);
    deliveryLatency =
        Timer.builder("flowmesh.webhook.delivery.latency")
            .description("From queueing a delivery (ingestion commit) to its confirmation (2xx)")
            .publishPercentileHistogram()
            .register(meters);
    delivered =
        Counter.builder("flowmesh.webhook.deliveries")
            .description("Deliveries that ended, by final status")
            .tag("status", "delivered")
            .register(meters);
    dead =
        Counter.builder("flowmesh.webhook.deliveries")
            .description("Deliveries that ended, by final status")
            .tag("status", "dead")
            .register(meters);
    meters.gauge("flowmesh.webhook.in.flight", inFlight);
  }

  void attempt(AttemptResult result) {
    attempts.get(result.outcome()).increment();
    attemptDuration.record(Duration.ofMillis(result.latencyMillis()));
  }

  void delivered(Instant queuedAt, Instant now) {
    delivered.increment();
    Duration latency = Duration.between(queuedAt, now);
    deliveryLatency.record(latency.isNegative() ? Duration.ZERO : latency);
  }

  void dead() {
    dead.increment();
  }
}
