package io.flowmesh.events.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule fires: a cron expression in a time zone, a fixed interval from a start, or one
 * time. Pure: the next fire time after an instant, nothing else.
 *
 * <p>Cron expressions have 5 fields (minute hour day-of-month month day-of-week), 6 (with seconds
 * first) or are a macro ({@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code
 * @hourly}). They are read in the schedule's time zone, with its daylight-saving rules: a local
 * time that does not exist on the day clocks go forward (02:30 when 02:00 jumps to 03:00) fires
 * once, at the same offset into the day (03:30); a local time that happens twice on the day clocks
 * go back fires once, at its first occurrence.
 */
record ScheduleSpec(CronExpression cron, ZoneId zone, Duration interval, Instant anchor) {

  /** A cron schedule in a time zone. */
  static ScheduleSpec cron(String expression, ZoneId zone) {
    String trimmed = expression.trim();
    String sixFields =
        trimmed.startsWith("@") || trimmed.split("\\s+").length != 5 ? trimmed : "0 " + trimmed;
    return new ScheduleSpec(CronExpression.parse(sixFields), zone, null, null);
  }

  /** Every {@code interval}, counted from {@code anchor}. */
  static ScheduleSpec every(Duration interval, Instant anchor) {
    return new ScheduleSpec(null, null, interval, anchor);
  }

  /** Once, at {@code at}. */
  static ScheduleSpec once(Instant at) {
    return new ScheduleSpec(null, null, null, at);
  }

  /** The first fire time strictly after {@code after}, or empty if there is none. */
  Optional<Instant> next(Instant after) {
    if (cron != null) {
      // The expression is matched against local date-times on a timeline where each exists once
      // (UTC's), and each match is then placed in the zone: a time in the gap moves forward by
      // the gap, a time in the overlap takes its first occurrence. A match at or before `after`
      // (the overlap's first occurrence, already fired) is passed over.
      ZonedDateTime probe = after.atZone(zone).toLocalDateTime().atZone(ZoneOffset.UTC);
      for (int i = 0; i < 4; i++) {
        ZonedDateTime local = cron.next(probe);
        if (local == null) {
          return Optional.empty();
        }
        Instant at = ZonedDateTime.ofLocal(local.toLocalDateTime(), zone, null).toInstant();
        if (at.isAfter(after)) {
          return Optional.of(at);
        }
        probe = local;
      }
      throw new IllegalStateException("no fire time after " + after + " for " + cron);
    }
    if (interval != null) {
      if (after.isBefore(anchor)) {
        return Optional.of(anchor);
      }
      long elapsed = Duration.between(anchor, after).toMillis();
      long steps = elapsed / interval.toMillis() + 1;
      return Optional.of(anchor.plusMillis(steps * interval.toMillis()));
    }
    return after.isBefore(anchor) ? Optional.of(anchor) : Optional.empty();
  }

  /** The next {@code count} fire times after {@code after}. */
  List<Instant> upcoming(Instant after, int count) {
    List<Instant> times = new ArrayList<>(count);
    Instant from = after;
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = next(from);
      if (next.isEmpty()) {
        break;
      }
      times.add(next.get());
      from = next.get();
    }
    return times;
  }
}
