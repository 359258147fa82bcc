package io.flowmesh.orchestrator.definition.reliability;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node's retry policy ({@code config.retry}, or {@code retry} on the node itself). Attempt {@code
 * n} that failed is followed by attempt {@code n + 1} after {@link #delayAfter(int, double)}, as
 * long as the error is retryable, its code is not listed as non-retryable and fewer than {@code
 * maxAttempts} attempts were made.
 *
 * @param maxAttempts attempts in all, the first included (1 means no retry)
 * @param initialInterval the wait after the first failed attempt
 * @param multiplier growth of the wait per further attempt
 * @param maxInterval the longest wait, jitter included
 * @param jitter spread of each wait, 0 to 1: a wait {@code w} becomes uniform in {@code [w(1 -
 *     jitter), w(1 + jitter))}, so replicas and runs that failed together do not retry together
 * @param nonRetryableErrorCodes error codes never retried, whatever the error says
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialInterval,
    double multiplier,
    Duration maxInterval,
    double jitter,
    Set<String> nonRetryableErrorCodes) {

  static final int DEFAULT_MAX_ATTEMPTS = 3;
  static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(1);
  static final double DEFAULT_MULTIPLIER = 2.0;
  static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMinutes(1);
  static final double DEFAULT_JITTER = 0.2;

  /** The most attempts a policy may ask for; an unbounded retry belongs in a loop, not a policy. */
  static final int MAX_ATTEMPTS_LIMIT = 100;

  /** Whether attempt {@code attempt}, which failed with {@code error}, is tried again. */
  public boolean retries(ExecutionError error, int attempt) {
    return error.retryable()
        && !nonRetryableErrorCodes.contains(error.code())
        && attempt < maxAttempts;
  }

  /**
   * The wait before attempt {@code failedAttempt + 1}: {@code initialInterval * multiplier^(n-1)},
   * spread by jitter, at most {@code maxInterval}.
   *
   * @param failedAttempt the attempt that failed, from 1
   * @param random uniform in [0, 1): the jitter's draw
   */
  public Duration delayAfter(int failedAttempt, double random) {
    double base = initialInterval.toMillis() * Math.pow(multiplier, failedAttempt - 1);
    double spread = base * (1 - jitter + 2 * jitter * random);
    double capped = Math.min(spread, maxInterval.toMillis());
    return Duration.ofMillis(Math.max(0, Math.round(capped)));
  }

  /** The node's policy, or null when it has none (one attempt). Assumes a validated config. */
  public static RetryPolicy of(Map<String, Object> config) {
    return config.get("retry") instanceof Map<?, ?> retry ? parse(retry, "", List.of()) : null;
  }

  /**
   * Reads a {@code retry} object, adding a problem for every invalid field.
   *
   * @param problems where problems go; may be immutable when the config is known to be valid
   */
  public static RetryPolicy parse(Map<?, ?> retry, String path, List<FieldProblem> problems) {
    int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    if (retry.containsKey("maxAttempts")) {
      if (retry.get("maxAttempts") instanceof Integer n && n >= 1 && n <= MAX_ATTEMPTS_LIMIT) {
        maxAttempts = n;
      } else {
        problems.add(
            new FieldProblem(
                path + ".maxAttempts",
                "must be an integer from 1 to "
                    + MAX_ATTEMPTS_LIMIT
                    + ", got "
                    + retry.get("maxAttempts")));
      }
    }
    Duration initial =
        Durations.optional(retry.get("initialInterval"), path + ".initialInterval", problems)
            .orElse(DEFAULT_INITIAL_INTERVAL);
    Duration max =
        Durations.optional(retry.get("maxInterval"), path + ".maxInterval", problems)
            .orElse(initial.compareTo(DEFAULT_MAX_INTERVAL) > 0 ? initial : DEFAULT_MAX_INTERVAL);
    if (max.compareTo(initial) < 0) {
      problems.add(
          new FieldProblem(
              path + ".maxInterval", "must not be shorter than initialInterval (" + initial + ")"));
    }
    double multiplier = number(retry, "multiplier", path, 1.0, 100.0, DEFAULT_MULTIPLIER, problems);
    double jitter = number(retry, "jitter", path, 0.0, 1.0, DEFAULT_JITTER, problems);
    Set<String> codes = new TreeSet<>();
    Object listed = retry.get("nonRetryableErrorCodes");
    if (listed != null) {
      if (listed instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
        list.forEach(code -> codes.add((String) code));
      } else {
        problems.add(
            new FieldProblem(
                path + ".nonRetryableErrorCodes", "must be an array of error code strings"));
      }
    }
    for (Object key : retry.keySet()) {
      if (!KNOWN_FIELDS.contains(key)) {
        problems.add(
            new FieldProblem(
                path + "." + key, "is not a retry setting (known: " + KNOWN_FIELDS + ")"));
      }
    }
    return new RetryPolicy(maxAttempts, initial, multiplier, max, jitter, Set.copyOf(codes));
  }

  private static final Set<String> KNOWN_FIELDS =
      new TreeSet<>(
          Set.of(
              "maxAttempts",
              "initialInterval",
              "multiplier",
              "maxInterval",
              "jitter",
              "nonRetryableErrorCodes"));

  private static double number(
      Map<?, ?> retry,
      String field,
      String path,
      double min,
      double max,
      double fallback,
      List<FieldProblem> problems) {
    Object value = retry.get(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
      return n.doubleValue();
    }
    problems.add(
        new FieldProblem(
            path + "." + field, "must be a number from " + min + " to " + max + ", got " + value));
    return fallback;
  }
}
