package io.flowmesh.gateway.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code capacity} tokens, refills at a steady rate, and each request
 * takes one. Synchronized, because one tenant's requests arrive on many event-loop threads and the
 * critical section is a few arithmetic operations.
 */
final class TokenBucket {

  private final long capacity;
  private final long nanosPerToken;
  private final LongSupplier nanoClock;

  /** Tokens in units of nanoseconds of refill, so refilling needs no floating point. */
  private long storedNanos;

  private long lastRefill;

  /**
   * @param capacity the most tokens the bucket holds
   * @param refill how many tokens come back per {@code period}
   * @param nanoClock a monotonic clock, {@link System#nanoTime()} outside tests
   */
  TokenBucket(int capacity, int refill, Duration period, LongSupplier nanoClock) {
    this.capacity = capacity;
    this.nanosPerToken = Math.max(1, period.toNanos() / refill);
    this.nanoClock = nanoClock;
    this.lastRefill = nanoClock.getAsLong();
    this.storedNanos = capacity * nanosPerToken;
  }

  /**
   * Takes a token if one is there.
   *
   * @return zero if a token was taken, else how long until the next one
   */
  synchronized Duration tryTake() {
    long now = nanoClock.getAsLong();
    storedNanos = Math.min(capacity * nanosPerToken, storedNanos + (now - lastRefill));
    lastRefill = now;
    if (storedNanos >= nanosPerToken) {
      storedNanos -= nanosPerToken;
      return Duration.ZERO;
    }
    return Duration.ofNanos(nanosPerToken - storedNanos);
  }
}
