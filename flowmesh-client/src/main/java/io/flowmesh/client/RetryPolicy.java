package io.flowmesh.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a call is sent again after a connection failure or a 503: at most
 * {@code maxAttempts} attempts in all, waiting a random time between zero and an exponentially
 * growing bound ("full jitter") before each new one, so that many clients that failed together do
 * not come back together. A 503's {@code Retry-After} in seconds is honoured up to {@code
 * maxBackoff}.
 *
 * @param maxAttempts attempts in all, first included; 1 never retries
 * @param initialBackoff the bound of the wait before the second attempt
 * @param maxBackoff the largest bound of any wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** Four attempts, waits bounded by 200 ms, 400 ms and 800 ms: about 1.4 s at most in all. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));

  /** One attempt, never retried. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  /** Checks the values. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** The bound of the wait after the given failed attempt (1 for the first). */
  Duration bound(int failedAttempt) {
    long millis = initialBackoff.toMillis() << Math.min(failedAttempt - 1, 30);
    return millis < 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
  }

  /** A random wait in [0, bound] after the given failed attempt (1 for the first). */
  Duration backoff(int failedAttempt) {
    long bound = bound(failedAttempt).toMillis();
    return Duration.ofMillis(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
  }
}
