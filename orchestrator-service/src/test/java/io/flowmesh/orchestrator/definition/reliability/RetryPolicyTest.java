package io.flowmesh.orchestrator.definition.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.testinfra.TestSeed;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backoff arithmetic and the rules of {@code retry}: dense, since every retry rests on it. */
@ExtendWith(TestSeed.class)
class RetryPolicyTest {

  private static final ExecutionError RETRYABLE = new ExecutionError("HTTP_503", "busy", true);

  private static RetryPolicy policy(
      int maxAttempts, long initialMillis, double multiplier, long maxMillis, double jitter) {
    return new RetryPolicy(
        maxAttempts,
        Duration.ofMillis(initialMillis),
        multiplier,
        Duration.ofMillis(maxMillis),
        jitter,
        Set.of("HTTP_400"));
  }

  @ParameterizedTest(name = "after attempt {0}: {1} ms")
  @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 16000", "6, 30000", "20, 30000"})
  void withoutJitterTheWaitGrowsByTheMultiplierUpToTheMaximum(int failedAttempt, long millis) {
    RetryPolicy policy = policy(50, 1_000, 2.0, 30_000, 0.0);

    assertThat(policy.delayAfter(failedAttempt, 0.0)).isEqualTo(Duration.ofMillis(millis));
    assertThat(policy.delayAfter(failedAttempt, 0.999)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "multiplier {0}, attempt {1}: {2} ms")
  @CsvSource({"1.0, 1, 500", "1.0, 7, 500", "1.5, 2, 750", "1.5, 3, 1125", "3.0, 3, 4500"})
  void fractionalAndUnitMultipliers(double multiplier, int failedAttempt, long millis) {
    RetryPolicy policy = policy(50, 500, multiplier, 60_000, 0.0);

    assertThat(policy.delayAfter(failedAttempt, 0.3)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void jitterSpreadsTheWaitSymmetricallyAroundTheBase() {
    RetryPolicy policy = policy(5, 1_000, 2.0, 60_000, 0.2);

    assertThat(policy.delayAfter(2, 0.0)).isEqualTo(Duration.ofMillis(1_600)); // 2000 * 0.8
    assertThat(policy.delayAfter(2, 0.5)).isEqualTo(Duration.ofMillis(2_000));
    assertThat(policy.delayAfter(2, 0.75)).isEqualTo(Duration.ofMillis(2_200));
    assertThat(policy.delayAfter(2, 0.999_999)).isEqualTo(Duration.ofMillis(2_400));
  }

  @Test
  void seededDrawsStayWithinTheJitterBoundsAndUseTheWholeRange(Random random) {
    RetryPolicy policy = policy(10, 1_000, 2.0, 60_000, 0.25);
    long lowest = Long.MAX_VALUE;
    long highest = Long.MIN_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long millis = policy.delayAfter(3, random.nextDouble()).toMillis(); // base 4000
      assertThat(millis).isBetween(3_000L, 5_000L);
      lowest = Math.min(lowest, millis);
      highest = Math.max(highest, millis);
    }
    // the draws really spread: near both ends, not clustered at the base
    assertThat(lowest).isLessThan(3_050);
    assertThat(highest).isGreaterThan(4_950);
  }

  @Test
  void theMaximumCapsTheWaitJitterIncluded(Random random) {
    RetryPolicy policy = policy(10, 1_000, 2.0, 5_000, 0.5);
    for (int i = 0; i < 1_000; i++) {
      long millis = policy.delayAfter(4, random.nextDouble()).toMillis(); // base 8000
      assertThat(millis).isBetween(4_000L, 5_000L);
    }
    assertThat(policy.delayAfter(4, 0.0)).isEqualTo(Duration.ofMillis(4_000));
  }

  @Test
  void fullJitterCanWaitNothingAtAll() {
    RetryPolicy policy = policy(3, 1_000, 2.0, 60_000, 1.0);

    assertThat(policy.delayAfter(1, 0.0)).isEqualTo(Duration.ZERO);
    assertThat(policy.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(1_000));
  }

  @Test
  void aRetryableErrorIsRetriedUntilMaxAttemptsIsReached() {
    RetryPolicy policy = policy(3, 1_000, 2.0, 60_000, 0.0);

    assertThat(policy.retries(RETRYABLE, 1)).isTrue();
    assertThat(policy.retries(RETRYABLE, 2)).isTrue();
    assertThat(policy.retries(RETRYABLE, 3)).isFalse();
    assertThat(policy(1, 1_000, 2.0, 60_000, 0.0).retries(RETRYABLE, 1)).isFalse();
  }

  @Test
  void anErrorThatSaysItIsNotRetryableOrIsListedIsNeverRetried() {
    RetryPolicy policy = policy(5, 1_000, 2.0, 60_000, 0.0);

    assertThat(policy.retries(new ExecutionError("FUNCTION_NOT_FOUND", "x", false), 1)).isFalse();
    assertThat(policy.retries(new ExecutionError("HTTP_400", "bad request", true), 1)).isFalse();
    assertThat(policy.retries(new ExecutionError("TIMEOUT", "slow", true), 1)).isTrue();
  }

  @Test
  void anEmptyRetryObjectMeansTheDefaults() {
    RetryPolicy policy = RetryPolicy.of(Map.of("retry", Map.of()));

    assertThat(policy)
        .isEqualTo(
            new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), 0.2, Set.of()));
    assertThat(RetryPolicy.of(Map.of("actionId", "core/echo"))).isNull();
  }

  @Test
  void readsEveryField() {
    RetryPolicy policy =
        RetryPolicy.of(
            Map.of(
                "retry",
                Map.of(
                    "maxAttempts",
                    5,
                    "initialInterval",
                    "PT0.2S",
                    "multiplier",
                    3,
                    "maxInterval",
                    "PT10S",
                    "jitter",
                    0,
                    "nonRetryableErrorCodes",
                    List.of("HTTP_400", "HTTP_404"))));

    assertThat(policy)
        .isEqualTo(
            new RetryPolicy(
                5,
                Duration.ofMillis(200),
                3.0,
                Duration.ofSeconds(10),
                0.0,
                Set.of("HTTP_400", "HTTP_404")));
  }

  @Test
  void aLongInitialIntervalRaisesTheDefaultMaximum() {
    RetryPolicy policy = RetryPolicy.of(Map.of("retry", Map.of("initialInterval", "PT5M")));

    assertThat(policy.maxInterval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void everyInvalidFieldIsReportedWithItsPath() {
    List<FieldProblem> problems = new ArrayList<>();
    RetryPolicy.parse(
        Map.of(
            "maxAttempts",
            0,
            "initialInterval",
            "5 minutes",
            "multiplier",
            0.5,
            "jitter",
            1.5,
            "nonRetryableErrorCodes",
            "HTTP_400",
            "backoff",
            "fast"),
        "nodes[1].config.retry",
        problems);

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "nodes[1].config.retry.maxAttempts",
            "nodes[1].config.retry.initialInterval",
            "nodes[1].config.retry.multiplier",
            "nodes[1].config.retry.jitter",
            "nodes[1].config.retry.nonRetryableErrorCodes",
            "nodes[1].config.retry.backoff");
    assertThat(problems)
        .filteredOn(p -> p.field().endsWith("initialInterval"))
        .singleElement()
        .extracting(FieldProblem::message)
        .asString()
        .contains("ISO-8601");
  }

  @Test
  void aMaximumShorterThanTheInitialIntervalIsRejected() {
    List<FieldProblem> problems = new ArrayList<>();
    RetryPolicy.parse(Map.of("initialInterval", "PT10S", "maxInterval", "PT1S"), "r", problems);

    assertThat(problems).extracting(FieldProblem::field).containsExactly("r.maxInterval");
  }

  @Test
  void maxAttemptsIsBounded() {
    List<FieldProblem> problems = new ArrayList<>();
    RetryPolicy.parse(Map.of("maxAttempts", 1_000), "r", problems);
    RetryPolicy.parse(Map.of("maxAttempts", "3"), "s", problems);

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactly("r.maxAttempts", "s.maxAttempts");
  }
}
