package io.flowmesh.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant request rate limit, counted by each gateway replica on its own: with N replicas a
 * tenant may make up to N times the rate.
 *
 * @param requests requests one tenant may make per {@code period}; 0 turns the limit off
 * @param period the period {@code requests} refill over, at most one hour
 * @param burst requests a tenant may make at once after being idle, at most 100,000; 0 means the
 *     same as {@code requests}
 */
@ConfigurationProperties("flowmesh.gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("0") int requests,
    @DefaultValue("1s") Duration period,
    @DefaultValue("0") int burst) {

  private static final Duration MAX_PERIOD = Duration.ofHours(1);
  private static final int MAX_BURST = 100_000;

  public RateLimitProperties {
    // The bounds keep the token bucket's nanosecond arithmetic far from overflow.
    if (requests < 0 || burst < 0 || burst > MAX_BURST || requests > MAX_BURST) {
      throw new IllegalArgumentException(
          "flowmesh.gateway.rate-limit.requests and .burst must be between 0 and " + MAX_BURST);
    }
    if (period.isNegative() || period.isZero() || period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException(
          "flowmesh.gateway.rate-limit.period must be positive and at most " + MAX_PERIOD);
    }
  }

  boolean enabled() {
    return requests > 0;
  }

  int capacity() {
    return burst > 0 ? burst : requests;
  }
}
