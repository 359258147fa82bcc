package io.flowmesh.events.schedule;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/v1/schedules/{id}/backfill}.
 *
 * @param from the first instant of the range (ISO-8601), inclusive
 * @param to the last instant of the range, inclusive, not in the future
 * @param overlap the overlap policy for these times; null: the schedule's own
 */
public record BackfillRequest(String from, String to, String overlap) {

  /** At most this many times are fired by one backfill. */
  static final int MAX_TIMES = 1_000;

  /** The nominal times to fire and the policy to fire them under. */
  record Range(List<Instant> times, Overlap overlap) {}

  /**
   * @throws InvalidRequestException naming every field that breaks a rule
   */
  Range check(Schedule schedule, Instant now) {
    List<FieldProblem> problems = new ArrayList<>();
    Instant start = instant("from", from, problems);
    Instant end = instant("to", to, problems);
    if (end != null && end.isAfter(now)) {
      problems.add(
          new FieldProblem("to", "must not be in the future: later times fire on their own"));
    }
    if (start != null && end != null && end.isBefore(start)) {
      problems.add(new FieldProblem("to", "must not be before from"));
    }
    Overlap policy = overlap == null ? schedule.overlap() : Overlap.of(overlap).orElse(null);
    if (policy == null) {
      problems.add(
          new FieldProblem("overlap", "is 'allow-all', 'skip', 'buffer-one' or 'buffer-all'"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    List<Instant> times = new ArrayList<>();
    Instant time = schedule.nextAfter(start.minusMillis(1));
    while (time != null && !time.isAfter(end)) {
      if (times.size() == MAX_TIMES) {
        throw new InvalidRequestException(
            "to", "the range holds more than " + MAX_TIMES + " of the schedule's times; split it");
      }
      times.add(time);
      time = schedule.nextAfter(time);
    }
    return new Range(List.copyOf(times), policy);
  }

  private static Instant instant(String field, String value, List<FieldProblem> problems) {
    if (value == null) {
      problems.add(new FieldProblem(field, "is required, an ISO-8601 instant"));
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(
          new FieldProblem(field, "is not an ISO-8601 instant such as 2026-12-24T18:00:00Z"));
      return null;
    }
  }
}
