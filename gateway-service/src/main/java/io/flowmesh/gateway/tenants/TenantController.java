package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.jdbc.Blocking;
import io.flowmesh.gateway.keys.ApiKeyService;
import io.flowmesh.gateway.keys.IssuedKeyResponse;
import io.flowmesh.gateway.paging.PageRequest;
import io.flowmesh.gateway.problem.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tenants across the platform; needs {@code platform:admin} (AccessRules), which only the bootstrap
 * key and keys of the platform tenant can hold.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
    name = "Tenants",
    description =
        "Platform administration: create, suspend and resume tenants, issue their first key.")
class TenantController {

  private final TenantService tenants;
  private final TenantDeletion deletion;
  private final ApiKeyService keys;
  private final Clock clock;

  TenantController(
      TenantService tenants, TenantDeletion deletion, ApiKeyService keys, Clock clock) {
    this.tenants = tenants;
    this.deletion = deletion;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * What a deletion deleted.
   *
   * @param tenant the tenant, now {@code deleted}
   * @param deleted rows deleted per service and table
   */
  record DeletedTenantResponse(TenantResponse tenant, Map<String, Map<String, Integer>> deleted) {}

  /**
   * Body of a create request.
   *
   * @param id the tenant's id, as services file its data: 1 to 63 letters, digits, '.', '_', '-'
   * @param name a name for people; default the id
   */
  record CreateTenantRequest(String id, String name) {}

  /**
   * Body of a request for a tenant's key.
   *
   * @param name what the key is for
   * @param scopes what it may do
   * @param expiresAt optional time after which it stops working
   */
  record CreateTenantKeyRequest(String name, List<String> scopes, Instant expiresAt) {}

  /**
   * A tenant.
   *
   * @param id its id
   * @param name its name
   * @param status {@code active} or {@code suspended}
   * @param createdAt when it was created
   * @param suspendedAt when it was suspended; null while active
   */
  record TenantResponse(
      String id, String name, String status, Instant createdAt, Instant suspendedAt) {

    static TenantResponse of(Tenant t) {
      return new TenantResponse(
          t.id(),
          t.name(),
          t.status().name().toLowerCase(Locale.ROOT),
          t.createdAt(),
          t.suspendedAt());
    }
  }

  /** One page of tenants by id; pass {@code nextCursor} as {@code cursor} for the next. */
  record TenantPage(List<TenantResponse> items, String nextCursor) {}

  @ResponseStatus(HttpStatus.CREATED)
  @PostMapping
  @Operation(operationId = "createTenant", summary = "Create a tenant")
  Mono<ResponseEntity<TenantResponse>> create(@RequestBody CreateTenantRequest body) {
    return Blocking.call(() -> tenants.create(body.id(), body.name()))
        .map(
            t ->
                ResponseEntity.created(URI.create("/api/v1/tenants/" + t.id()))
                    .body(TenantResponse.of(t)));
  }

  @GetMapping
  @Operation(operationId = "listTenants", summary = "List tenants by id, with cursor pagination")
  Mono<TenantPage> list(
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return Blocking.call(() -> tenants.list(page))
        .map(
            p ->
                new TenantPage(
                    p.items().stream().map(TenantResponse::of).toList(), p.nextCursor()));
  }

  @GetMapping("/{id}")
  @Operation(operationId = "getTenant", summary = "Get a tenant")
  Mono<TenantResponse> get(@PathVariable String id) {
    return Blocking.call(() -> tenants.get(id)).map(TenantResponse::of);
  }

  @PostMapping("/{id}/suspend")
  @Operation(
      operationId = "suspendTenant",
      summary = "Suspend a tenant",
      description =
          "Every key of the tenant is refused with 403 on every gateway replica within 5 seconds;"
              + " its data stays. The platform tenant cannot be suspended.")
  Mono<TenantResponse> suspend(@PathVariable String id) {
    return Blocking.call(() -> tenants.suspend(id)).map(TenantResponse::of);
  }

  @PostMapping("/{id}/resume")
  @Operation(operationId = "resumeTenant", summary = "Resume a suspended tenant")
  Mono<TenantResponse> resume(@PathVariable String id) {
    return Blocking.call(() -> tenants.resume(id)).map(TenantResponse::of);
  }

  @DeleteMapping("/{id}")
  @Operation(
      operationId = "deleteTenant",
      summary = "Delete a tenant and its data in every service",
      description =
          "Suspends the tenant, deletes its data in every service and its keys, audit entries and"
              + " rate limits at the gateway, and keeps it as 'deleted': its id is never used"
              + " again. 503 when a service could not delete its part: the tenant stays"
              + " suspended, and the same request finishes the deletion. The platform tenant"
              + " cannot be deleted.")
  Mono<DeletedTenantResponse> delete(@PathVariable String id) {
    return Blocking.call(() -> deletion.delete(id))
        .map(d -> new DeletedTenantResponse(TenantResponse.of(d.tenant()), d.deleted()));
  }

  @ResponseStatus(HttpStatus.CREATED)
  @PostMapping("/{id}/api-keys")
  @Operation(
      operationId = "createTenantApiKey",
      summary = "Issue an API key of a tenant",
      description = "How a new tenant gets its first key; its secret is in this response only.")
  Mono<ResponseEntity<IssuedKeyResponse>> createKey(
      @PathVariable String id,
      @RequestBody CreateTenantKeyRequest body,
      ServerWebExchange exchange) {
    ApiKeyOwner caller = ApiKeyOwner.require(exchange);
    return Blocking.call(
            () -> {
              Tenant tenant = tenants.get(id);
              if (tenant.status() == Tenant.Status.DELETED) {
                throw ApiProblems.conflict("The tenant '" + id + "' is deleted.");
              }
              return keys.create(
                  caller,
                  tenant.id(),
                  new ApiKeyService.NewKey(body.name(), body.scopes(), body.expiresAt()));
            })
        .map(
            issued ->
                ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.key().id()))
                    .body(IssuedKeyResponse.of(issued, clock.instant())));
  }
}
