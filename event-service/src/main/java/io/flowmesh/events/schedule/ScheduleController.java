package io.flowmesh.events.schedule;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/schedules}: workflows started by time. */
@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "Schedules")
class ScheduleController {

  private final Schedules schedules;

  ScheduleController(Schedules schedules) {
    this.schedules = schedules;
  }

  @PostMapping
  @Operation(summary = "Create a schedule: cron in a time zone, a fixed interval, or one time")
  ResponseEntity<ScheduleView> create(Tenant tenant, @RequestBody ScheduleRequest request) {
    ScheduleView created = schedules.create(TenantId.of(tenant.id()), request);
    return ResponseEntity.created(URI.create("/api/v1/schedules/" + created.id())).body(created);
  }

  @GetMapping
  @Operation(summary = "List the schedules with their next fire times (cursor pagination)")
  Page<ScheduleView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(schedules.list(TenantId.of(tenant.id()), page), ScheduleView::id);
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a schedule with its next fire times")
  ScheduleView get(Tenant tenant, @PathVariable String id) {
    return schedules.get(TenantId.of(tenant.id()), id);
  }

  @PutMapping("/{id}")
  @Operation(summary = "Replace a schedule; its next time is computed again from now")
  ScheduleView replace(
      Tenant tenant, @PathVariable String id, @RequestBody ScheduleRequest request) {
    return schedules.replace(TenantId.of(tenant.id()), id, request);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a schedule")
  void delete(Tenant tenant, @PathVariable String id) {
    schedules.delete(TenantId.of(tenant.id()), id);
  }

  @PostMapping("/{id}/pause")
  @Operation(summary = "Pause a schedule: nothing fires until it is resumed")
  ScheduleView pause(Tenant tenant, @PathVariable String id) {
    return schedules.pause(TenantId.of(tenant.id()), id);
  }

  @PostMapping("/{id}/resume")
  @Operation(summary = "Resume a schedule from now; times missed while paused do not fire")
  ScheduleView resume(Tenant tenant, @PathVariable String id) {
    return schedules.resume(TenantId.of(tenant.id()), id);
  }

  @PostMapping("/{id}/trigger")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary =
          "Fire the schedule once now, under its overlap policy; its times go on as before."
              + " The answer says whether a run started (runId), or the time was skipped or"
              + " buffered")
  ScheduleFiring.Fire trigger(Tenant tenant, @PathVariable String id) {
    return schedules.trigger(TenantId.of(tenant.id()), id);
  }

  @PostMapping("/{id}/backfill")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary =
          "Fire the schedule's times in a past range [from, to] that have not fired yet (at most"
              + " 1,000), under its overlap policy or the one given")
  List<ScheduleFiring.Fire> backfill(
      Tenant tenant, @PathVariable String id, @RequestBody BackfillRequest request) {
    return schedules.backfill(TenantId.of(tenant.id()), id, request);
  }
}
