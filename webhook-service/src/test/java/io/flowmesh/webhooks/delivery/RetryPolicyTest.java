package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final List<Duration> SCHEDULE =
      List.of(
          Duration.ZERO,
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2));

  @Test
  void followsTheScheduleAndStopsAfterItsLastEntry() {
    RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(1), () -> 0.5);

    assertThat(policy.firstDelay()).isZero();
    assertThat(policy.maxAttempts()).isEqualTo(5);
    assertThat(policy.nextDelay(1, null)).hasValue(Duration.ofSeconds(5));
    assertThat(policy.nextDelay(2, null)).hasValue(Duration.ofMinutes(5));
    assertThat(policy.nextDelay(4, null)).hasValue(Duration.ofHours(2));
    assertThat(policy.nextDelay(5, null)).isEmpty();
  }

  @Test
  void jitterStaysWithinItsBounds() {
    RetryPolicy low = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(1), () -> 0.0);
    RetryPolicy high = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(1), () -> 0.999999);

    assertThat(low.nextDelay(2, null)).hasValue(Duration.ofMinutes(4));
    assertThat(high.nextDelay(2, null).orElseThrow())
        .isBetween(Duration.ofSeconds(359), Duration.ofMinutes(6));
  }

  @Test
  void retryAfterDelaysButNeverHastensAndIsCapped() {
    RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(1), () -> 0.5);

    assertThat(policy.nextDelay(1, Duration.ofSeconds(30))).hasValue(Duration.ofSeconds(30));
    assertThat(policy.nextDelay(2, Duration.ofSeconds(30))).hasValue(Duration.ofMinutes(5));
    assertThat(policy.nextDelay(1, Duration.ofDays(2))).hasValue(Duration.ofHours(1));
    assertThat(policy.nextDelay(5, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void waitingPastTheScheduleUsesItsLastEntry() {
    RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(1), () -> 0.5);

    assertThat(policy.delayAfter(9, null)).isEqualTo(Duration.ofHours(2));
  }
}
