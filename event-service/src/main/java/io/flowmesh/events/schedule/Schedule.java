package io.flowmesh.events.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import tools.jackson.databind.JsonNode;

/**
 * A schedule: which workflow starts when.
 *
 * @param id {@code sch_...}
 * @param name what it is for
 * @param workflowId the workflow its runs run, on the latest version at each fire
 * @param cron a cron expression (5 or 6 fields, or a macro), or null
 * @param interval a fixed interval from {@code startAt} (or from creation), or null
 * @param onceAt the one time it fires, or null
 * @param timeZone the IANA time zone cron is read in
 * @param input the run's input (any JSON), or null
 * @param jitter up to this much later than the nominal time, at random, to spread load
 * @param startAt no fire before, or null
 * @param endAt no fire after, or null
 * @param catchUp after downtime: {@code latest} fires only the latest missed time, {@code all}
 *     fires each
 * @param catchUpWindow missed times older than this are skipped
 * @param overlap what a time does while a run the schedule started has not ended
 * @param declaredVersion the version of the workflow whose trigger node declares it, or null for a
 *     schedule made through the API
 * @param paused true while paused
 * @param nextFireAt the next nominal time, or null when none is left
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
record Schedule(
    String id,
    String name,
    String workflowId,
    String cron,
    Duration interval,
    Instant onceAt,
    ZoneId timeZone,
    JsonNode input,
    Duration jitter,
    Instant startAt,
    Instant endAt,
    String catchUp,
    Duration catchUpWindow,
    Overlap overlap,
    Integer declaredVersion,
    boolean paused,
    Instant nextFireAt,
    Instant createdAt,
    Instant updatedAt) {

  ScheduleSpec spec() {
    if (cron != null) {
      return ScheduleSpec.cron(cron, timeZone);
    }
    if (interval != null) {
      return ScheduleSpec.every(interval, startAt != null ? startAt : createdAt);
    }
    return ScheduleSpec.once(onceAt);
  }

  /** The first fire time after {@code after} within start and end, or null. */
  Instant nextAfter(Instant after) {
    Instant from = startAt != null && after.isBefore(startAt) ? startAt.minusMillis(1) : after;
    Instant next = spec().next(from).orElse(null);
    return next == null || (endAt != null && next.isAfter(endAt)) ? null : next;
  }

  Schedule declaredBy(int version) {
    return new Schedule(
        id,
        name,
        workflowId,
        cron,
        interval,
        onceAt,
        timeZone,
        input,
        jitter,
        startAt,
        endAt,
        catchUp,
        catchUpWindow,
        overlap,
        version,
        paused,
        nextFireAt,
        createdAt,
        updatedAt);
  }

  Schedule withNextFireAt(Instant next) {
    return new Schedule(
        id,
        name,
        workflowId,
        cron,
        interval,
        onceAt,
        timeZone,
        input,
        jitter,
        startAt,
        endAt,
        catchUp,
        catchUpWindow,
        overlap,
        declaredVersion,
        paused,
        next,
        createdAt,
        updatedAt);
  }
}
