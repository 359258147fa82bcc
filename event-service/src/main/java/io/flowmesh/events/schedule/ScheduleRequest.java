package io.flowmesh.events.schedule;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/schedules} and {@code PUT /api/v1/schedules/{id}}: exactly one of
 * {@code cron}, {@code every} and {@code at}.
 *
 * @param name what it is for (required)
 * @param workflowId the workflow to run (required)
 * @param cron a cron expression: 5 fields, 6 (seconds first) or a macro such as {@code @hourly}
 * @param every an ISO-8601 duration, at least one second, e.g. {@code PT5M}
 * @param at one instant, ISO-8601
 * @param timeZone the IANA zone cron is read in (default {@code UTC})
 * @param input the run's input
 * @param jitter an ISO-8601 duration: each fire is delayed by up to this much, at random
 * @param startAt no fire before
 * @param endAt no fire after
 * @param catchUp after downtime: {@code latest} (default) or {@code all}
 * @param catchUpWindow an ISO-8601 duration (default {@code PT1H}): missed times older are skipped
 * @param overlap {@code allow-all} (default), {@code skip}, {@code buffer-one} or {@code
 *     buffer-all}: what a time does while a run the schedule started has not ended
 * @param paused create it paused
 */
public record ScheduleRequest(
    String name,
    String workflowId,
    String cron,
    String every,
    String at,
    String timeZone,
    JsonNode input,
    String jitter,
    String startAt,
    String endAt,
    String catchUp,
    String catchUpWindow,
    String overlap,
    Boolean paused) {

  /**
   * The schedule this request describes.
   *
   * @throws InvalidRequestException naming every field that breaks a rule
   */
  Schedule toSchedule(String id, Instant createdAt, Instant updatedAt) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || name.isBlank() || name.length() > 200) {
      problems.add(new FieldProblem("name", "is required, at most 200 characters"));
    }
    if (workflowId == null || workflowId.isBlank()) {
      problems.add(new FieldProblem("workflowId", "is required"));
    }
    int specs = (cron != null ? 1 : 0) + (every != null ? 1 : 0) + (at != null ? 1 : 0);
    if (specs != 1) {
      problems.add(
          new FieldProblem(
              specs == 0 ? "cron" : "every",
              "give exactly one of cron, every (an ISO-8601 duration) and at (an instant)"));
    }
    ZoneId zone = zone(problems);
    if (cron != null && zone != null) {
      try {
        ScheduleSpec.cron(cron, zone);
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem("cron", "is not a cron expression: " + e.getMessage()));
      }
    }
    Duration interval = duration("every", every, problems);
    if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(new FieldProblem("every", "must be at least one second (PT1S)"));
    }
    Instant once = instant("at", at, problems);
    Duration jitterDuration = duration("jitter", jitter, problems);
    Instant start = instant("startAt", startAt, problems);
    Instant end = instant("endAt", endAt, problems);
    if (start != null && end != null && !end.isAfter(start)) {
      problems.add(new FieldProblem("endAt", "must be after startAt"));
    }
    String mode = catchUp == null ? "latest" : catchUp;
    if (!mode.equals("latest") && !mode.equals("all")) {
      problems.add(new FieldProblem("catchUp", "is 'latest' (the default) or 'all'"));
    }
    Duration window = duration("catchUpWindow", catchUpWindow, problems);
    Overlap overlapPolicy = overlap == null ? Overlap.ALLOW_ALL : Overlap.of(overlap).orElse(null);
    if (overlapPolicy == null) {
      problems.add(
          new FieldProblem(
              "overlap", "is 'allow-all' (the default), 'skip', 'buffer-one' or 'buffer-all'"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new Schedule(
        id,
        name,
        workflowId,
        cron,
        interval,
        once,
        zone,
        input,
        jitterDuration == null ? Duration.ZERO : jitterDuration,
        start,
        end,
        mode,
        window == null ? Duration.ofHours(1) : window,
        overlapPolicy,
        null,
        paused != null && paused,
        null,
        createdAt,
        updatedAt);
  }

  private ZoneId zone(List<FieldProblem> problems) {
    try {
      return ZoneId.of(timeZone == null ? "UTC" : timeZone);
    } catch (DateTimeException e) {
      problems.add(
          new FieldProblem("timeZone", "is not an IANA time zone such as Europe/Berlin or UTC"));
      return null;
    }
  }

  private static Duration duration(String field, String value, List<FieldProblem> problems) {
    if (value == null) {
      return null;
    }
    try {
      Duration duration = Duration.parse(value);
      if (duration.isNegative()) {
        problems.add(new FieldProblem(field, "must not be negative"));
      }
      return duration;
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field, "is not an ISO-8601 duration such as PT5M"));
      return null;
    }
  }

  private static Instant instant(String field, String value, List<FieldProblem> problems) {
    if (value == null) {
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
