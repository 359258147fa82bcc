package io.flowmesh.webhooks.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When the next attempt of a delivery happens: the configured schedule (exponential-ish, e.g.
 * immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) with jitter, never earlier than the
 * endpoint's {@code Retry-After} (capped), and no attempt after the schedule is exhausted.
 */
final class RetryPolicy {

  private final List<Duration> schedule;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final DoubleSupplier random;

  RetryPolicy(
      List<Duration> schedule, double jitter, Duration maxRetryAfter, DoubleSupplier random) {
    this.schedule = List.copyOf(schedule);
    this.jitter = jitter;
    this.maxRetryAfter = maxRetryAfter;
    this.random = random;
  }

  static RetryPolicy from(DeliveryProperties properties) {
    return new RetryPolicy(
        properties.retrySchedule(),
        properties.jitter(),
        properties.maxRetryAfter(),
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /** Delay of the first attempt once a delivery is the head of its queue. */
  Duration firstDelay() {
    return schedule.getFirst();
  }

  /** The number of attempts before a delivery is dead-lettered. */
  int maxAttempts() {
    return schedule.size();
  }

  /**
   * The delay before the next attempt after attempt number {@code attempt} (1-based) failed, or
   * empty if that was the last one.
   *
   * @param retryAfter what the endpoint asked for, may be null
   */
  Optional<Duration> nextDelay(int attempt, Duration retryAfter) {
    if (attempt >= schedule.size()) {
      return Optional.empty();
    }
    return Optional.of(delayAfter(attempt, retryAfter));
  }

  /**
   * The delay for attempt {@code attempt + 1} even past the end of the schedule (then its last
   * entry), for deliveries that wait instead of dying, e.g. while the subscription is disabled.
   */
  Duration delayAfter(int attempt, Duration retryAfter) {
    Duration base = schedule.get(Math.min(Math.max(attempt, 0), schedule.size() - 1));
    Duration delay = jittered(base);
    if (retryAfter != null && !retryAfter.isNegative()) {
      Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
      if (asked.compareTo(delay) > 0) {
        delay = asked;
      }
    }
    return delay;
  }

  private Duration jittered(Duration base) {
    if (base.isZero() || jitter == 0) {
      return base;
    }
    double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
    return Duration.ofNanos(Math.round(base.toNanos() * factor));
  }
}
