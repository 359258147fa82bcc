package io.flowmesh.events.trigger;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.events.DeclaredByWorkflowException;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
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

/** {@code /api/v1/triggers}: create, read, replace and delete triggers, and their evaluations. */
@RestController
@RequestMapping("/api/v1/triggers")
@Tag(name = "Triggers")
class TriggerController {

  private final TriggerRepository triggers;
  private final Evaluations evaluations;
  private final CelExpressions expressions;

  TriggerController(
      TriggerRepository triggers, Evaluations evaluations, CelExpressions triggerExpressions) {
    this.triggers = triggers;
    this.evaluations = evaluations;
    this.expressions = triggerExpressions;
  }

  @PostMapping
  @Operation(summary = "Create a trigger: which events start which workflow")
  ResponseEntity<Trigger> create(Tenant tenant, @RequestBody TriggerRequest request) {
    request.check(expressions);
    Instant now = Instant.now();
    Trigger trigger = toTrigger(UuidV7.prefixed("trg"), request, null, now, now);
    triggers.insert(TenantId.of(tenant.id()), trigger);
    return ResponseEntity.created(URI.create("/api/v1/triggers/" + trigger.id())).body(trigger);
  }

  @GetMapping
  @Operation(summary = "List the triggers (cursor pagination)")
  Page<Trigger> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(triggers.list(TenantId.of(tenant.id()), page), Trigger::id);
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a trigger")
  Trigger get(Tenant tenant, @PathVariable String id) {
    return triggers
        .find(TenantId.of(tenant.id()), id)
        .orElseThrow(() -> new TriggerNotFoundException(id));
  }

  @PutMapping("/{id}")
  @Operation(summary = "Replace a trigger; events stored from now on see the new version")
  Trigger replace(Tenant tenant, @PathVariable String id, @RequestBody TriggerRequest request) {
    TenantId tenantId = TenantId.of(tenant.id());
    Trigger existing =
        triggers.find(tenantId, id).orElseThrow(() -> new TriggerNotFoundException(id));
    refuseIfDeclared(existing);
    request.check(expressions);
    Trigger replaced = toTrigger(id, request, null, existing.createdAt(), Instant.now());
    if (!triggers.update(tenantId, replaced)) {
      throw new TriggerNotFoundException(id);
    }
    return replaced;
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a trigger; its evaluations stay readable on their events")
  void delete(Tenant tenant, @PathVariable String id) {
    TenantId tenantId = TenantId.of(tenant.id());
    refuseIfDeclared(
        triggers.find(tenantId, id).orElseThrow(() -> new TriggerNotFoundException(id)));
    if (!triggers.delete(tenantId, id)) {
      throw new TriggerNotFoundException(id);
    }
  }

  private static void refuseIfDeclared(Trigger trigger) {
    if (trigger.declaredVersion() != null) {
      throw new DeclaredByWorkflowException(
          "trigger", trigger.id(), trigger.workflowId(), trigger.declaredVersion());
    }
  }

  @GetMapping("/{id}/evaluations")
  @Operation(summary = "What the trigger made of each event it listened to, oldest first")
  Page<Evaluation> evaluations(
      Tenant tenant,
      @PathVariable String id,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenantId = TenantId.of(tenant.id());
    triggers.find(tenantId, id).orElseThrow(() -> new TriggerNotFoundException(id));
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(evaluations.ofTrigger(tenantId, id, page), Evaluation::cursor);
  }

  static Trigger toTrigger(
      String id,
      TriggerRequest request,
      Integer declaredVersion,
      Instant createdAt,
      Instant updatedAt) {
    return new Trigger(
        id,
        request.name(),
        request.workflowId(),
        List.copyOf(request.eventTypes()),
        request.filter(),
        request.input(),
        request.businessKey(),
        request.concurrency(),
        request.debounce(),
        request.batch(),
        declaredVersion,
        request.enabled() == null || request.enabled(),
        createdAt,
        updatedAt);
  }
}
