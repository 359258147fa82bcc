package io.flowmesh.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void allowsABurstUpToCapacityThenRefusesWithTheWait() {
    TokenBucket bucket = new TokenBucket(3, 10, Duration.ofSeconds(1), now::get);

    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void refillsAtTheSustainedRate() {
    TokenBucket bucket = new TokenBucket(1, 10, Duration.ofSeconds(1), now::get);
    assertThat(bucket.tryTake()).isZero();

    advance(Duration.ofMillis(40));
    assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(60));

    advance(Duration.ofMillis(60));
    assertThat(bucket.tryTake()).isZero();
  }

  @Test
  void idleTimeDoesNotSaveMoreThanCapacity() {
    TokenBucket bucket = new TokenBucket(2, 1, Duration.ofSeconds(1), now::get);
    advance(Duration.ofHours(1));

    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isPositive();
  }

  @Test
  void slowRatesRefillOverTheirPeriod() {
    TokenBucket bucket = new TokenBucket(1, 2, Duration.ofHours(1), now::get);
    assertThat(bucket.tryTake()).isZero();

    assertThat(bucket.tryTake()).isEqualTo(Duration.ofMinutes(30));
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }
}
