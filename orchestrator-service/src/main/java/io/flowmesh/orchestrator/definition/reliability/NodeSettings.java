package io.flowmesh.orchestrator.definition.reliability;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reliability settings of a node's config: its timeout, its retry policy, and a timer node's
 * wait. Checked when a definition is saved (NodeSettingsChecks); read at run time from the
 * validated config.
 *
 * <p>Durations are ISO-8601 ({@code "timeout": "PT30S"}); the seed format's unit fields ({@code
 * timeoutSeconds}, {@code timeoutHours}, {@code durationMinutes}, ...) are accepted too.
 */
public final class NodeSettings {

  /**
   * The config keys of an action that are its settings, not input of its function. (A timer's
   * {@code duration} and {@code until} are not among them: an action's function may well take a
   * field of that name.)
   */
  public static final List<String> ACTION_KEYS =
      List.of("retry", "timeout", "timeoutSeconds", "timeoutMinutes", "timeoutHours");

  private NodeSettings() {}

  /** How long the node may wait for its function or event, if it has a timeout. */
  public static Optional<Duration> timeout(Map<String, Object> config) {
    return timeout(config, "", new ArrayList<>());
  }

  /** A timer node's wait when it is a duration; empty when it waits until a timestamp. */
  public static Optional<Duration> timerDuration(Map<String, Object> config) {
    return timerDuration(config, "", new ArrayList<>());
  }

  /** A timer node's {@code until}: an RFC 3339 timestamp or a template yielding one. */
  public static Object timerUntil(Map<String, Object> config) {
    return config.get("until");
  }

  /** Parses a resolved {@code until} value. */
  public static Instant timestamp(Object value) {
    if (value instanceof String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an RFC 3339 timestamp such as 2030-01-01T09:00:00Z");
      }
    }
    throw new IllegalArgumentException(
        (value == null ? "null" : "'" + value + "'")
            + " is not an RFC 3339 timestamp such as 2030-01-01T09:00:00Z");
  }

  /** Adds a problem for each way a timer node's wait is invalid: one of duration or until. */
  public static void checkTimer(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    Optional<Duration> duration = timerDuration(config, path, problems);
    Object until = config.get("until");
    if (duration.isPresent() == (until != null)) {
      problems.add(
          new FieldProblem(
              path + ".duration",
              "timer node '"
                  + nodeId
                  + "' needs exactly one of duration (ISO-8601, e.g. \"PT5M\") or until (an RFC"
                  + " 3339 timestamp or a template)"));
      return;
    }
    if (until != null && !(until instanceof String text && text.contains("{{"))) {
      try {
        timestamp(until);
      } catch (IllegalArgumentException e) {
        problems.add(
            new FieldProblem(path + ".until", "timer node '" + nodeId + "': " + e.getMessage()));
      }
    }
  }

  /** The node's timeout, adding a problem at {@code path} if it is malformed. */
  public static Optional<Duration> timeout(
      Map<String, Object> config, String path, List<FieldProblem> problems) {
    return firstOf(config, "timeout", path, problems);
  }

  private static Optional<Duration> timerDuration(
      Map<String, Object> config, String path, List<FieldProblem> problems) {
    return firstOf(config, "duration", path, problems);
  }

  /** {@code <name>} as ISO-8601, else {@code <name>Seconds}, {@code Minutes}, {@code Hours}. */
  private static Optional<Duration> firstOf(
      Map<String, Object> config, String name, String path, List<FieldProblem> problems) {
    if (config.containsKey(name)) {
      return Durations.optional(config.get(name), path + "." + name, problems);
    }
    for (Map.Entry<String, Duration> unit :
        List.of(
            Map.entry("Seconds", Duration.ofSeconds(1)),
            Map.entry("Minutes", Duration.ofMinutes(1)),
            Map.entry("Hours", Duration.ofHours(1)))) {
      String field = name + unit.getKey();
      if (config.containsKey(field)) {
        return Durations.units(config.get(field), unit.getValue(), path + "." + field, problems);
      }
    }
    return Optional.empty();
  }
}
