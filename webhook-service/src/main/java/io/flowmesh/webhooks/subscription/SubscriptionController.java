package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/webhook-subscriptions}: the tenant's webhook subscriptions. */
@RestController
@RequestMapping("/api/v1/webhook-subscriptions")
@Tag(name = "Webhook subscriptions")
class SubscriptionController {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 100;

  private final SubscriptionService subscriptions;

  SubscriptionController(SubscriptionService subscriptions) {
    this.subscriptions = subscriptions;
  }

  @PostMapping
  @Operation(
      summary = "Create a subscription",
      description =
          "Returns the generated whsec_ signing secret; it is shown only in this response (and in"
              + " a replay of it with the same Idempotency-Key).")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              examples = @ExampleObject(name = "run events", ref = "subscribe-run-events")))
  @ApiResponse(
      responseCode = "201",
      description = "Created; Location names the subscription, ETag is for If-Match",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = CreatedSubscriptionResponse.class),
              examples = @ExampleObject(name = "created", ref = "subscription-created")))
  ResponseEntity<CreatedSubscriptionResponse> create(
      Tenant tenant,
      @RequestBody CreateSubscriptionRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    SubscriptionService.Created created =
        subscriptions.create(TenantId.of(tenant.id()), request.draft(), idempotencyKey);
    Subscription subscription = created.subscription();
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(HttpStatus.CREATED)
            .location(URI.create("/api/v1/webhook-subscriptions/" + subscription.id()));
    if (created.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.eTag(subscription.etag()).body(CreatedSubscriptionResponse.of(subscription));
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a subscription (without its secret); its ETag is for If-Match")
  ResponseEntity<SubscriptionResponse> get(Tenant tenant, @PathVariable String id) {
    return withETag(subscriptions.get(TenantId.of(tenant.id()), SubscriptionId.of(id)));
  }

  @PatchMapping(
      value = "/{id}",
      consumes = {"application/merge-patch+json", MediaType.APPLICATION_JSON_VALUE})
  @Operation(
      summary = "Change a subscription (JSON merge patch; If-Match required)",
      description =
          "Fields: url, eventTypes, filter, orderingKey, rateLimit, failurePolicy. A field left"
              + " out stays; null clears filter, orderingKey and rateLimit. A new orderingKey"
              + " applies to events ingested from now on; queued deliveries keep their queue.")
  ResponseEntity<SubscriptionResponse> update(
      Tenant tenant,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody JsonNode patch) {
    return withETag(
        subscriptions.update(
            TenantId.of(tenant.id()),
            SubscriptionId.of(id),
            ifMatch,
            draft -> SubscriptionPatch.apply(draft, patch)));
  }

  @PostMapping("/{id}/disable")
  @Operation(summary = "Disable a subscription; its deliveries wait in their queues")
  ResponseEntity<SubscriptionResponse> disable(Tenant tenant, @PathVariable String id) {
    return withETag(subscriptions.disable(TenantId.of(tenant.id()), SubscriptionId.of(id)));
  }

  @PostMapping("/{id}/enable")
  @Operation(summary = "Enable a disabled subscription; its queues resume in order")
  ResponseEntity<SubscriptionResponse> enable(Tenant tenant, @PathVariable String id) {
    return withETag(subscriptions.enable(TenantId.of(tenant.id()), SubscriptionId.of(id)));
  }

  @PostMapping("/{id}/rotate-secret")
  @Operation(
      summary = "Rotate the signing secret",
      description =
          "Returns the new secret (shown only here). Until previousSecretExpiresAt every request"
              + " carries two v1 signatures, one per secret. Optional body: {\"overlap\": \"PT24H\"}.")
  ResponseEntity<RotatedSecretResponse> rotate(
      Tenant tenant, @PathVariable String id, @RequestBody(required = false) RotateRequest body) {
    SubscriptionService.Rotated rotated =
        subscriptions.rotate(
            TenantId.of(tenant.id()), SubscriptionId.of(id), body == null ? null : body.overlap());
    return ResponseEntity.ok()
        .eTag(rotated.subscription().etag())
        .body(new RotatedSecretResponse(id, rotated.secret(), rotated.previousSecretExpiresAt()));
  }

  private static ResponseEntity<SubscriptionResponse> withETag(Subscription subscription) {
    return ResponseEntity.ok()
        .eTag(subscription.etag())
        .body(SubscriptionResponse.of(subscription));
  }

  @GetMapping
  @Operation(summary = "List subscriptions, oldest first, with cursor pagination")
  SubscriptionPage list(
      Tenant tenant,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
    }
    SubscriptionService.Page page =
        subscriptions.list(TenantId.of(tenant.id()), decodeCursor(cursor), size);
    return new SubscriptionPage(
        page.items().stream().map(SubscriptionResponse::of).toList(),
        page.lastId() == null ? null : encodeCursor(page.lastId()));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a subscription and its queued deliveries")
  void delete(Tenant tenant, @PathVariable String id) {
    subscriptions.delete(TenantId.of(tenant.id()), SubscriptionId.of(id));
  }

  private static String encodeCursor(SubscriptionId lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastId.value().getBytes(StandardCharsets.UTF_8));
  }

  private static SubscriptionId decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (id.startsWith("whs_")) {
        return SubscriptionId.of(id);
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new InvalidRequestException("cursor", "is not a cursor returned by this endpoint");
  }

  /**
   * Body of a create request.
   *
   * @param url the endpoint: an absolute http or https URL to a publicly reachable host
   * @param eventTypes event types or {@code *} patterns, e.g. {@code io.flowmesh.run.*}
   * @param filter optional CEL bool expression over {@code event}, e.g. {@code event.data.amount >
   *     100}
   * @param orderingKey optional CEL string expression over {@code event} giving the ordering key;
   *     default: the event's Kafka record key
   * @param rateLimit optional deliveries per second (across all instances)
   * @param failurePolicy {@code block} (default: a dead head blocks its key until an operator
   *     unblocks it) or {@code skip} (dead-letter and go on)
   */
  record CreateSubscriptionRequest(
      String url,
      List<String> eventTypes,
      String filter,
      String orderingKey,
      Integer rateLimit,
      String failurePolicy) {

    SubscriptionService.Draft draft() {
      return new SubscriptionService.Draft(
          url, eventTypes, filter, orderingKey, rateLimit, failurePolicy);
    }
  }

  /**
   * Body of a rotation request.
   *
   * @param overlap how long the old secret keeps signing, ISO-8601 (default from configuration)
   */
  record RotateRequest(Duration overlap) {}

  /**
   * A rotated secret.
   *
   * @param id the subscription
   * @param secret the new secret, shown only here
   * @param previousSecretExpiresAt until when requests also carry the old secret's signature
   */
  record RotatedSecretResponse(String id, String secret, Instant previousSecretExpiresAt) {}

  /** A subscription as read back: never with its secret. */
  record SubscriptionResponse(
      String id,
      String url,
      List<String> eventTypes,
      String filter,
      String orderingKey,
      Integer rateLimit,
      String failurePolicy,
      SubscriptionState state,
      String disabledReason,
      Instant previousSecretExpiresAt,
      Instant createdAt) {

    static SubscriptionResponse of(Subscription s) {
      Subscription.Settings settings = s.settings();
      return new SubscriptionResponse(
          s.id().value(),
          s.url().toString(),
          s.eventTypes(),
          settings.filter(),
          settings.orderingKey(),
          settings.rateLimit(),
          settings.failurePolicy().name().toLowerCase(java.util.Locale.ROOT),
          s.state(),
          s.disabledReason(),
          s.previousSecretSignsUntil(),
          s.createdAt());
    }
  }

  /** A subscription as created: the only time its secret is shown. */
  record CreatedSubscriptionResponse(
      String id,
      String url,
      List<String> eventTypes,
      String filter,
      String orderingKey,
      Integer rateLimit,
      String failurePolicy,
      SubscriptionState state,
      String secret,
      Instant createdAt) {

    static CreatedSubscriptionResponse of(Subscription s) {
      Subscription.Settings settings = s.settings();
      return new CreatedSubscriptionResponse(
          s.id().value(),
          s.url().toString(),
          s.eventTypes(),
          settings.filter(),
          settings.orderingKey(),
          settings.rateLimit(),
          settings.failurePolicy().name().toLowerCase(java.util.Locale.ROOT),
          s.state(),
          s.secret(),
          s.createdAt());
    }
  }

  /**
   * One page of subscriptions.
   *
   * @param items the subscriptions
   * @param nextCursor pass as {@code cursor} for the next page; null on the last page
   */
  record SubscriptionPage(List<SubscriptionResponse> items, String nextCursor) {}
}
