package io.flowmesh.events.schedule;

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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fires due schedules, exactly once per nominal time across replicas (ADR 0034): the due schedules
 * are claimed with {@code FOR UPDATE SKIP LOCKED}, and in that one transaction each fire is
 * recorded (unique per schedule and time), its run is requested through the outbox with the
 * idempotency key {@code schedule:<id>:<time>}, and the schedule moves to its next time. A process
 * killed in the middle rolls the whole of it back, and the next poller fires it.
 */
@Service
class ScheduleFiring {

  /** At most this many missed times are fired for one schedule in one go ({@code catchUp: all}). */
  static final int MAX_CATCH_UP = 100;

  private final ScheduleRepository schedules;
  private final Outbox outbox;
  private final JsonMapper json;
  private final Clock clock;
  private final Timer fireLag;

  ScheduleFiring(
      ScheduleRepository schedules,
      Outbox outbox,
      JsonMapper json,
      Clock clock,
      MeterRegistry meters) {
    this.schedules = schedules;
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

  /** Fires the schedule now, outside its times ({@code POST /api/v1/schedules/{id}/trigger}). */
  @Transactional
  public String fireNow(TenantId tenant, Schedule schedule) {
    Instant now = clock.instant();
    String runId = UuidV7.prefixed("run");
    schedules.recordFire(tenant, schedule.id(), now, "manual", runId, now);
    requestRun(tenant, schedule, now, runId);
    return runId;
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
      String runId = UuidV7.prefixed("run");
      String kind = fireTime.equals(first) ? "scheduled" : "caught-up";
      if (schedules.recordFire(tenant, schedule.id(), fireTime, kind, runId, now)) {
        requestRun(tenant, schedule, fireTime, runId);
      }
    }
    // the first time after now, so that a long outage is not replayed beyond the catch-up
    Instant next = time != null && !time.isAfter(now) ? schedule.nextAfter(now) : time;
    schedules.advance(tenant, schedule.id(), next, dueAt(next, schedule.jitter()));
  }

  private void requestRun(TenantId tenant, Schedule schedule, Instant fireTime, String runId) {
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
