package io.flowmesh.events.schedule;

import io.flowmesh.events.runs.RunEnded;
import io.flowmesh.events.runs.StartedRun;
import io.flowmesh.events.runs.StartedRuns;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fires due schedules, exactly once per nominal time across replicas (ADR 0034): the due schedules
 * are claimed with {@code FOR UPDATE SKIP LOCKED}, and in that one transaction each fire is
 * recorded (unique per schedule and time), its run is requested through the outbox with the
 * idempotency key {@code schedule:<id>:<time>}, and the schedule moves to its next time. A process
 * killed in the middle rolls the whole of it back, and the next poller fires it.
 *
 * <p>While a run the schedule started has not ended, its {@link Overlap} policy decides what a time
 * does: start one more, be skipped, or wait (buffered) until the running ones end. Every path that
 * decides holds the schedule's row lock, so a time and a run's end never both start a run.
 */
@Service
class ScheduleFiring {

  /** At most this many missed times are fired for one schedule in one go ({@code catchUp: all}). */
  static final int MAX_CATCH_UP = 100;

  private final ScheduleRepository schedules;
  private final StartedRuns startedRuns;
  private final Outbox outbox;
  private final JsonMapper json;
  private final Clock clock;
  private final Timer fireLag;

  ScheduleFiring(
      ScheduleRepository schedules,
      StartedRuns startedRuns,
      Outbox outbox,
      JsonMapper json,
      Clock clock,
      MeterRegistry meters) {
    this.schedules = schedules;
    this.startedRuns = startedRuns;
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
    this.fireLag =
        Timer.builder("flowmesh.schedules.fire.lag")
            .description("How long after its due time a schedule fired")
            .publishPercentileHistogram()
            .register(meters);
  }

  /** Fires up to {@code limit} due schedules; returns how many it claimed. */
  @Transactional
  public int fireDue(int limit) {
    Instant now = clock.instant();
    List<ScheduleRepository.Due> due = schedules.claimDue(now, limit);
    for (ScheduleRepository.Due claimed : due) {
      fire(claimed.tenant(), claimed.schedule(), now);
    }
    return due.size();
  }

  /**
   * Fires the schedule now, outside its times ({@code POST /api/v1/schedules/{id}/trigger}), under
   * its overlap policy. The caller holds the schedule's row lock.
   */
  @Transactional
  public Fire fireNow(TenantId tenant, Schedule schedule) {
    Instant now = clock.instant();
    return fireTime(tenant, schedule, now, "manual", schedule.overlap(), now);
  }

  /**
   * Fires each of the schedule's nominal times in {@code [from, to]} that has not fired yet, under
   * the given overlap policy. The caller holds the schedule's row lock and has bounded the count.
   */
  @Transactional
  public List<Fire> backfill(
      TenantId tenant, Schedule schedule, List<Instant> times, Overlap overlap) {
    Instant now = clock.instant();
    List<Fire> fires = new ArrayList<>(times.size());
    for (Instant time : times) {
      fires.add(fireTime(tenant, schedule, time, "backfill", overlap, now));
    }
    return fires;
  }

  /** A run the schedule started has ended: its oldest buffered time, if any, starts now. */
  @EventListener
  @Transactional
  public void onRunEnded(RunEnded ended) {
    String scheduleId = ended.run().scheduleId();
    if (scheduleId == null) {
      return;
    }
    schedules
        .lock(ended.tenant(), scheduleId)
        .ifPresent(schedule -> startBufferedIfIdle(ended.tenant(), schedule, clock.instant()));
  }

  private void fire(TenantId tenant, Schedule schedule, Instant now) {
    Instant first = schedule.nextFireAt();
    fireLag.record(Duration.between(first, now).abs());
    List<Instant> times = new ArrayList<>();
    Instant time = first;
    while (time != null && !time.isAfter(now) && times.size() < MAX_CATCH_UP) {
      if (!time.isBefore(now.minus(schedule.catchUpWindow()))) {
        times.add(time);
      }
      time = schedule.nextAfter(time);
    }
    if (schedule.catchUp().equals("latest") && times.size() > 1) {
      times = List.of(times.getLast());
    }
    for (Instant fireTime : times) {
      String kind = fireTime.equals(first) ? "scheduled" : "caught-up";
      fireTime(tenant, schedule, fireTime, kind, schedule.overlap(), now);
    }
    // the first time after now, so that a long outage is not replayed beyond the catch-up
    Instant next = time != null && !time.isAfter(now) ? schedule.nextAfter(now) : time;
    schedules.advance(tenant, schedule.id(), next, dueAt(next, schedule.jitter()));
  }

  /**
   * What one nominal time does.
   *
   * @param fireTime the nominal time
   * @param outcome {@code started}, {@code skipped}, {@code buffered}, or {@code fired-before} when
   *     the time had fired already
   * @param runId the run it started, or null
   */
  public record Fire(Instant fireTime, String outcome, String runId) {}

  private Fire fireTime(
      TenantId tenant,
      Schedule schedule,
      Instant fireTime,
      String kind,
      Overlap overlap,
      Instant now) {
    String outcome = "started";
    if (overlap != Overlap.ALLOW_ALL) {
      startBufferedIfIdle(tenant, schedule, now);
      if (!startedRuns.activeForSchedule(tenant, schedule.id()).isEmpty()) {
        boolean keep =
            overlap == Overlap.BUFFER_ALL
                || (overlap == Overlap.BUFFER_ONE
                    && schedules.oldestBuffered(tenant, schedule.id()).isEmpty());
        outcome = keep ? "buffered" : "skipped";
      }
    }
    String runId = outcome.equals("started") ? UuidV7.prefixed("run") : null;
    if (!schedules.recordFire(tenant, schedule.id(), fireTime, kind, outcome, runId, now)) {
      return new Fire(fireTime, "fired-before", null);
    }
    if (runId != null) {
      requestRun(tenant, schedule, fireTime, runId, now);
    }
    return new Fire(fireTime, outcome, runId);
  }

  /** Starts the oldest buffered time when none of the schedule's runs is running. */
  private void startBufferedIfIdle(TenantId tenant, Schedule schedule, Instant now) {
    if (!startedRuns.activeForSchedule(tenant, schedule.id()).isEmpty()) {
      return;
    }
    schedules
        .oldestBuffered(tenant, schedule.id())
        .ifPresent(
            fireTime -> {
              String runId = UuidV7.prefixed("run");
              schedules.startBuffered(tenant, schedule.id(), fireTime, runId);
              requestRun(tenant, schedule, fireTime, runId, now);
            });
  }

  private void requestRun(
      TenantId tenant, Schedule schedule, Instant fireTime, String runId, Instant now) {
    startedRuns.record(tenant, List.of(StartedRun.bySchedule(runId, schedule.id(), now)));
    outbox.append(
        new OutboxMessage(
            Topics.RUN_START_REQUESTS,
            schedule.workflowId(),
            EventTypes.RUN_START_REQUESTED,
            runId,
            tenant.value(),
            new RunStartRequested(
                runId,
                schedule.workflowId(),
                schedule.input() == null ? null : json.treeToValue(schedule.input(), Object.class),
                null,
                "schedule:" + schedule.id() + ":" + fireTime,
                schedule.id(),
                null)));
  }

  /** When a nominal time is fired: up to the jitter later, at random. */
  static Instant dueAt(Instant nominal, Duration jitter) {
    if (nominal == null || jitter.isZero()) {
      return nominal;
    }
    return nominal.plusMillis(ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1));
  }
}
