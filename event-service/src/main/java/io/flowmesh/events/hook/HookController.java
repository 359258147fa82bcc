package io.flowmesh.events.hook;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
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

/**
 * {@code /api/v1/hooks}: create, read, replace and delete inbound webhooks. The secret is shown
 * once, in the answer that made it (create, or a replace that sets a new one), never on reads.
 */
@RestController
@RequestMapping("/api/v1/hooks")
@Tag(name = "Hooks")
class HookController {

  /** A hook with its secret, shown only in the answer that set the secret. */
  record WithSecret(@JsonUnwrapped Hook hook, String secret) {}

  private final HookRepository hooks;

  HookController(HookRepository hooks) {
    this.hooks = hooks;
  }

  @PostMapping
  @Operation(
      summary = "Create an inbound webhook: its URL path, verification, and event type",
      description =
          "The secret is in this answer only. Stripe and Slack issue theirs: give it as"
              + " verification.secret. For the other schemes one is made when none is given.")
  ResponseEntity<WithSecret> create(Tenant tenant, @RequestBody HookRequest request) {
    request.check(false);
    Instant now = Instant.now();
    Hook hook = toHook(UuidV7.prefixed("hook"), request, now, now);
    String secret =
        request.verification().secret() == null
            ? HookSecrets.generate(hook.scheme())
            : request.verification().secret();
    hooks.insert(TenantId.of(tenant.id()), hook, secret);
    return ResponseEntity.created(URI.create("/api/v1/hooks/" + hook.id()))
        .body(new WithSecret(hook, secret));
  }

  @GetMapping
  @Operation(summary = "List the hooks (cursor pagination)")
  Page<Hook> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(hooks.list(TenantId.of(tenant.id()), page), Hook::id);
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a hook (without its secret)")
  Hook get(Tenant tenant, @PathVariable String id) {
    return hooks
        .find(TenantId.of(tenant.id()), id)
        .orElseThrow(() -> new HookNotFoundException(id));
  }

  @PutMapping("/{id}")
  @Operation(
      summary = "Replace a hook; without verification.secret it keeps its secret",
      description = "A new secret given here is in this answer, and never shown again.")
  WithSecret replace(Tenant tenant, @PathVariable String id, @RequestBody HookRequest request) {
    TenantId tenantId = TenantId.of(tenant.id());
    Hook existing = hooks.find(tenantId, id).orElseThrow(() -> new HookNotFoundException(id));
    request.check(true);
    Hook replaced = toHook(id, request, existing.createdAt(), Instant.now());
    String secret = request.verification().secret();
    if (secret == null
        && !existing.verification().scheme().equals(replaced.verification().scheme())) {
      // Another scheme's secret may not fit this one (a whsec_ key, a provider's own secret).
      if (replaced.scheme().providerIssuesSecret()) {
        throw new InvalidRequestException(
            "verification.secret",
            "is required when changing to " + replaced.scheme().wireName() + ", which issues it");
      }
      secret = HookSecrets.generate(replaced.scheme());
    }
    if (!hooks.update(tenantId, replaced, secret)) {
      throw new HookNotFoundException(id);
    }
    return new WithSecret(replaced, secret);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a hook; its URL answers 404 from now on, its events stay stored")
  void delete(Tenant tenant, @PathVariable String id) {
    if (!hooks.delete(TenantId.of(tenant.id()), id)) {
      throw new HookNotFoundException(id);
    }
  }

  private static Hook toHook(String id, HookRequest request, Instant createdAt, Instant updatedAt) {
    return new Hook(
        id,
        request.name(),
        request.eventType(),
        request.settings(),
        request.headerList(),
        request.bodyLimit(),
        request.responseSettings(),
        request.rateLimitSettings(),
        Hook.pathOf(id),
        createdAt,
        updatedAt);
  }
}
