package io.flowmesh.events.hook;

import java.time.Duration;

/** A delivery over its hook's rate limit: a 429 with {@code Retry-After}. Nothing is stored. */
public class HookRateLimitedException extends RuntimeException {

  private final Duration retryAfter;

  HookRateLimitedException(Hook.RateLimit limit, Duration retryAfter) {
    super(
        "This hook takes at most "
            + limit.requests()
            + " deliveries per "
            + limit.per()
            + "; try again in "
            + Math.max(1, retryAfter.toSeconds())
            + " s.");
    this.retryAfter = retryAfter;
  }

  /** Whole seconds until a delivery is allowed again, at least one. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
