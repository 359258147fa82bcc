package io.flowmesh.events.schedule;

import io.flowmesh.events.DeclaredByWorkflowException;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.tenantdata.TenantQuotas;
import io.flowmesh.web.paging.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, changing, pausing and resuming schedules. Each change sets the schedule's next time
 * from now, under the row lock the pollers claim with, so a change and a fire never interleave.
 */
@Service
class Schedules {

  private final TenantQuotas quotas;
  private final ScheduleRepository repository;
  private final ScheduleFiring firing;
  private final Clock clock;

  Schedules(
      ScheduleRepository repository, ScheduleFiring firing, Clock clock, TenantQuotas quotas) {
    this.quotas = quotas;
    this.repository = repository;
    this.firing = firing;
    this.clock = clock;
  }

  @Transactional
  ScheduleView create(TenantId tenant, ScheduleRequest request) {
    Instant now = clock.instant();
    Schedule schedule = request.toSchedule(UuidV7.prefixed("sch"), now, now);
    schedule = scheduleFrom(schedule, initialAfter(schedule, now));
    quotas.checkOneMore(
        tenant, "schedules", "active schedules", () -> repository.countActive(tenant));
    repository.insert(
        tenant, schedule, ScheduleFiring.dueAt(schedule.nextFireAt(), schedule.jitter()));
    return ScheduleView.of(schedule);
  }

  @Transactional(readOnly = true)
  ScheduleView get(TenantId tenant, String id) {
    return ScheduleView.of(
        repository.find(tenant, id).orElseThrow(() -> new ScheduleNotFoundException(id)));
  }

  @Transactional(readOnly = true)
  List<ScheduleView> list(TenantId tenant, PageRequest page) {
    return repository.list(tenant, page).stream().map(ScheduleView::of).toList();
  }

  @Transactional
  ScheduleView replace(TenantId tenant, String id, ScheduleRequest request) {
    Schedule existing = locked(tenant, id);
    refuseIfDeclared(existing);
    Instant now = clock.instant();
    Schedule replaced = request.toSchedule(id, existing.createdAt(), now);
    return save(tenant, scheduleFrom(replaced, initialAfter(replaced, now)));
  }

  @Transactional
  ScheduleView pause(TenantId tenant, String id) {
    Schedule s = locked(tenant, id);
    return save(tenant, withPaused(s, true, s.nextFireAt()));
  }

  /** Resumes from now: the times missed while paused are not fired. */
  @Transactional
  ScheduleView resume(TenantId tenant, String id) {
    Schedule s = locked(tenant, id);
    return save(tenant, withPaused(s, false, s.nextAfter(clock.instant())));
  }

  @Transactional
  void delete(TenantId tenant, String id) {
    refuseIfDeclared(locked(tenant, id));
    if (!repository.delete(tenant, id)) {
      throw new ScheduleNotFoundException(id);
    }
  }

  /**
   * Replaces the schedule the workflow declares (if any) with the one of its new version, whose
   * request has been built from its trigger node.
   *
   * @throws io.flowmesh.web.InvalidRequestException if the declaration is not a schedule
   */
  @Transactional
  void declare(TenantId tenant, String workflowId, int version, ScheduleRequest request) {
    Instant now = clock.instant();
    Schedule schedule = request.toSchedule(UuidV7.prefixed("sch"), now, now).declaredBy(version);
    schedule = scheduleFrom(schedule, initialAfter(schedule, now));
    repository.deleteDeclared(tenant, workflowId);
    repository.insert(
        tenant, schedule, ScheduleFiring.dueAt(schedule.nextFireAt(), schedule.jitter()));
  }

  /** Deletes the schedule the workflow declares, if it declares one. */
  @Transactional
  void withdraw(TenantId tenant, String workflowId) {
    repository.deleteDeclared(tenant, workflowId);
  }

  private static void refuseIfDeclared(Schedule schedule) {
    if (schedule.declaredVersion() != null) {
      throw new DeclaredByWorkflowException(
          "schedule", schedule.id(), schedule.workflowId(), schedule.declaredVersion());
    }
  }

  /** Fires the schedule once now, under its overlap policy; its times go on as before. */
  @Transactional
  ScheduleFiring.Fire trigger(TenantId tenant, String id) {
    return firing.fireNow(tenant, locked(tenant, id));
  }

  /** Fires the schedule's nominal times in a past range that have not fired yet. */
  @Transactional
  List<ScheduleFiring.Fire> backfill(TenantId tenant, String id, BackfillRequest request) {
    Schedule schedule = locked(tenant, id);
    BackfillRequest.Range range = request.check(schedule, clock.instant());
    return firing.backfill(tenant, schedule, range.times(), range.overlap());
  }

  private Schedule locked(TenantId tenant, String id) {
    return repository.lock(tenant, id).orElseThrow(() -> new ScheduleNotFoundException(id));
  }

  private ScheduleView save(TenantId tenant, Schedule s) {
    repository.update(tenant, s, ScheduleFiring.dueAt(s.nextFireAt(), s.jitter()));
    return ScheduleView.of(s);
  }

  /**
   * Where a new or changed schedule starts: from its start if that is in the past (so the catch-up
   * window decides what of the past fires), else from now.
   */
  private static Instant initialAfter(Schedule s, Instant now) {
    return s.startAt() != null && s.startAt().isBefore(now) ? s.startAt().minusMillis(1) : now;
  }

  private static Schedule scheduleFrom(Schedule s, Instant after) {
    return s.withNextFireAt(s.nextAfter(after));
  }

  private static Schedule withPaused(Schedule s, boolean paused, Instant next) {
    return new Schedule(
        s.id(),
        s.name(),
        s.workflowId(),
        s.cron(),
        s.interval(),
        s.onceAt(),
        s.timeZone(),
        s.input(),
        s.jitter(),
        s.startAt(),
        s.endAt(),
        s.catchUp(),
        s.catchUpWindow(),
        s.overlap(),
        s.declaredVersion(),
        paused,
        next,
        s.createdAt(),
        s.updatedAt());
  }
}
