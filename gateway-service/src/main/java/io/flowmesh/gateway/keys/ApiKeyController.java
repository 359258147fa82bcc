package io.flowmesh.gateway.keys;

import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.jdbc.Blocking;
import io.flowmesh.gateway.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

/** The caller's tenant's API keys; needs {@code keys:admin} (AccessRules). */
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "The tenant's API keys; a secret is shown only when issued.")
class ApiKeyController {

  private final ApiKeyService keys;
  private final Clock clock;

  ApiKeyController(ApiKeyService keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Body of a create request.
   *
   * @param name what the key is for
   * @param scopes what it may do, e.g. {@code ["runs:read", "runs:write"]}
   * @param expiresAt optional RFC 3339 time after which it stops working
   */
  record CreateApiKeyRequest(String name, List<String> scopes, Instant expiresAt) {}

  /**
   * Body of a rotate request.
   *
   * @param overlapSeconds how long the old secret keeps working next to the new one; default 0
   */
  record RotateApiKeyRequest(Long overlapSeconds) {}

  /** One page of keys, oldest first; pass {@code nextCursor} as {@code cursor} for the next. */
  record ApiKeyPage(List<ApiKeyResponse> items, String nextCursor) {}

  @ResponseStatus(HttpStatus.CREATED)
  @PostMapping
  @Operation(
      operationId = "createApiKey",
      summary = "Create an API key; its secret is in this response only")
  Mono<ResponseEntity<IssuedKeyResponse>> create(
      @RequestBody CreateApiKeyRequest body, ServerWebExchange exchange) {
    ApiKeyOwner caller = ApiKeyOwner.require(exchange);
    return Blocking.call(
            () ->
                keys.create(
                    caller,
                    caller.tenant(),
                    new ApiKeyService.NewKey(body.name(), body.scopes(), body.expiresAt())))
        .map(
            issued ->
                ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.key().id()))
                    .body(IssuedKeyResponse.of(issued, clock.instant())));
  }

  @GetMapping
  @Operation(
      operationId = "listApiKeys",
      summary = "List the tenant's API keys, oldest first, with cursor pagination")
  Mono<ApiKeyPage> list(
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor,
      ServerWebExchange exchange) {
    String tenant = ApiKeyOwner.require(exchange).tenant();
    PageRequest page = PageRequest.of(limit, cursor);
    return Blocking.call(() -> keys.list(tenant, page))
        .map(
            found ->
                new ApiKeyPage(
                    found.items().stream()
                        .map(key -> ApiKeyResponse.of(key, clock.instant()))
                        .toList(),
                    found.nextCursor()));
  }

  @GetMapping("/{id}")
  @Operation(operationId = "getApiKey", summary = "Get an API key")
  Mono<ApiKeyResponse> get(@PathVariable String id, ServerWebExchange exchange) {
    String tenant = ApiKeyOwner.require(exchange).tenant();
    return Blocking.call(() -> keys.get(tenant, id))
        .map(key -> ApiKeyResponse.of(key, clock.instant()));
  }

  @PostMapping("/{id}/revoke")
  @Operation(
      operationId = "revokeApiKey",
      summary = "Revoke an API key",
      description =
          "Refused on every gateway replica within 5 seconds; revoking twice is harmless.")
  Mono<ApiKeyResponse> revoke(@PathVariable String id, ServerWebExchange exchange) {
    String tenant = ApiKeyOwner.require(exchange).tenant();
    return Blocking.call(() -> keys.revoke(tenant, id))
        .map(key -> ApiKeyResponse.of(key, clock.instant()));
  }

  @PostMapping("/{id}/rotate")
  @Operation(
      operationId = "rotateApiKey",
      summary = "Give an API key a new secret",
      description =
          "The old secret keeps working for overlapSeconds (default 0), so clients can switch"
              + " without a gap. The new secret is in this response only.")
  Mono<IssuedKeyResponse> rotate(
      @PathVariable String id,
      @RequestBody(required = false) RotateApiKeyRequest body,
      ServerWebExchange exchange) {
    String tenant = ApiKeyOwner.require(exchange).tenant();
    long seconds = body == null || body.overlapSeconds() == null ? 0 : body.overlapSeconds();
    return Blocking.call(() -> keys.rotate(tenant, id, Duration.ofSeconds(seconds)))
        .map(issued -> IssuedKeyResponse.of(issued, clock.instant()));
  }
}
