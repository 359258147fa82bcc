package io.flowmesh.orchestrator.definition.reliability;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** ISO-8601 durations in definitions ({@code PT5M}, {@code PT0.5S}, {@code P1D}). */
final class Durations {

  private Durations() {}

  /** The duration, empty when absent; a problem when it is not a positive ISO-8601 duration. */
  static Optional<Duration> optional(Object value, String path, List<FieldProblem> problems) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String text) {
      try {
        Duration duration = Duration.parse(text);
        if (!duration.isNegative() && !duration.isZero()) {
          return Optional.of(duration);
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    problems.add(
        new FieldProblem(
            path,
            "must be a positive ISO-8601 duration such as \"PT30S\" or \"PT5M\", got " + value));
    return Optional.empty();
  }

  /** A whole number of some unit ({@code timeoutSeconds: 30}), as the seed format writes them. */
  static Optional<Duration> units(
      Object value, Duration unit, String path, List<FieldProblem> problems) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number n && n.doubleValue() > 0) {
      return Optional.of(Duration.ofMillis(Math.round(n.doubleValue() * unit.toMillis())));
    }
    problems.add(new FieldProblem(path, "must be a positive number, got " + value));
    return Optional.empty();
  }
}
