package io.flowmesh.events.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A schedule as the API shows it, with its next fire times.
 *
 * @param declaredVersion the version of the workflow whose trigger node declares it, or null
 * @param nextFireTimes the next (up to five) nominal fire times; empty when paused or none is left
 */
public record ScheduleView(
    String id,
    String name,
    String workflowId,
    String cron,
    String every,
    Instant at,
    String timeZone,
    JsonNode input,
    String jitter,
    Instant startAt,
    Instant endAt,
    String catchUp,
    String catchUpWindow,
    String overlap,
    Integer declaredVersion,
    boolean paused,
    List<Instant> nextFireTimes,
    Instant createdAt,
    Instant updatedAt) {

  static ScheduleView of(Schedule s) {
    List<Instant> next = new ArrayList<>();
    Instant time = s.paused() ? null : s.nextFireAt();
    while (time != null && next.size() < 5) {
      next.add(time);
      time = s.nextAfter(time);
    }
    return new ScheduleView(
        s.id(),
        s.name(),
        s.workflowId(),
        s.cron(),
        s.interval() == null ? null : s.interval().toString(),
        s.onceAt(),
        s.timeZone().getId(),
        s.input(),
        s.jitter().toString(),
        s.startAt(),
        s.endAt(),
        s.catchUp(),
        s.catchUpWindow().toString(),
        s.overlap().value(),
        s.declaredVersion(),
        s.paused(),
        List.copyOf(next),
        s.createdAt(),
        s.updatedAt());
  }
}
