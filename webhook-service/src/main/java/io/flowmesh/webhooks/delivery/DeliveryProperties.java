package io.flowmesh.webhooks.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The delivery engine's settings.
 *
 * @param enabled whether this instance delivers (an instance may serve only the API)
 * @param concurrency the most attempts in flight at once in this instance (one virtual thread each)
 * @param attemptTimeout how long one attempt may take, connect to the last byte read
 * @param connectTimeout how long connecting to an endpoint may take
 * @param leaseMargin added to the attempt timeout for the claim lease: a claimed delivery is not
 *     claimed again before the lease expires, so a lease that outlives the attempt and its
 *     bookkeeping keeps two instances from sending the same head
 * @param retrySchedule the delay before each attempt: the first entry for the first attempt after
 *     the delivery reaches the head of its queue, each next one after the previous attempt failed;
 *     the number of entries is the number of attempts before the delivery is dead-lettered
 * @param jitter each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]
 * @param maxRetryAfter the longest {@code Retry-After} an endpoint can ask for
 * @param pollInterval how often the engine looks for due deliveries when nothing woke it (new
 *     deliveries and completed heads wake it at once)
 * @param responseExcerptLimit how much of each response body is kept with the attempt
 * @param maxPayloadSize the largest request body (the CloudEvent as JSON); a larger event becomes a
 *     dead letter on arrival, with the reason, and never blocks ingestion or its key
 * @param commitBatchSize the most confirmed deliveries recorded in one transaction (group commit)
 * @param handOffLimit how many successors of its key a worker takes over in a row after the
 *     delivery it claimed: when a delivery is confirmed, the key's next one is claimed in the same
 *     transaction and sent by the same worker (no separate claim), up to this many times; then the
 *     key's next delivery waits in line with the other due heads, so busy keys cannot keep idle
 *     ones from a worker for long; 0 turns the hand-off off
 * @param disableAfter an endpoint that has failed every attempt for this long is disabled, with a
 *     platform event
 */
@ConfigurationProperties("flowmesh.webhooks.delivery")
public record DeliveryProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("64") int concurrency,
    @DefaultValue("15s") Duration attemptTimeout,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("10s") Duration leaseMargin,
    @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
    @DefaultValue("0.2") double jitter,
    @DefaultValue("1h") Duration maxRetryAfter,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("1KB") DataSize responseExcerptLimit,
    @DefaultValue("256KB") DataSize maxPayloadSize,
    @DefaultValue("5d") Duration disableAfter,
    @DefaultValue("256") int commitBatchSize,
    @DefaultValue("2") int handOffLimit) {

  public DeliveryProperties {
    if (concurrency < 1) {
      throw new IllegalArgumentException("flowmesh.webhooks.delivery.concurrency must be >= 1");
    }
    if (retrySchedule == null || retrySchedule.isEmpty()) {
      throw new IllegalArgumentException(
          "flowmesh.webhooks.delivery.retry-schedule needs at least one entry");
    }
    if (retrySchedule.stream().anyMatch(Duration::isNegative)) {
      throw new IllegalArgumentException(
          "flowmesh.webhooks.delivery.retry-schedule must not contain negative delays");
    }
    if (handOffLimit < 0) {
      throw new IllegalArgumentException("flowmesh.webhooks.delivery.hand-off-limit must be >= 0");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("flowmesh.webhooks.delivery.jitter must be in [0, 1)");
    }
    retrySchedule = List.copyOf(retrySchedule);
  }

  /** How long a claim keeps other workers and instances off a delivery. */
  Duration lease() {
    return attemptTimeout.plus(leaseMargin);
  }
}
