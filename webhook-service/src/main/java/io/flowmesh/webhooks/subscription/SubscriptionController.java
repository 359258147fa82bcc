package io.flowmesh.webhooks.subscription;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

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
  ResponseEntity<CreatedSubscriptionResponse> create(
      Tenant tenant,
      @RequestBody CreateSubscriptionRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    SubscriptionService.Created created =
        subscriptions.create(tenant.id(), request.url(), request.eventTypes(), idempotencyKey);
    Subscription subscription = created.subscription();
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(HttpStatus.CREATED)
            .location(URI.create("/api/v1/webhook-subscriptions/" + subscription.id()));
    if (created.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.body(CreatedSubscriptionResponse.of(subscription));
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a subscription (without its secret)")
  SubscriptionResponse get(Tenant tenant, @PathVariable String id) {
    return SubscriptionResponse.of(subscriptions.get(tenant.id(), id));
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
    SubscriptionService.Page page = subscriptions.list(tenant.id(), decodeCursor(cursor), size);
    return new SubscriptionPage(
        page.items().stream().map(SubscriptionResponse::of).toList(),
        page.lastId() == null ? null : encodeCursor(page.lastId()));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a subscription and its queued deliveries")
  void delete(Tenant tenant, @PathVariable String id) {
    subscriptions.delete(tenant.id(), id);
  }

  private static String encodeCursor(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (id.startsWith("whs_")) {
        return id;
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
   */
  record CreateSubscriptionRequest(String url, List<String> eventTypes) {}

  /** A subscription as read back: never with its secret. */
  record SubscriptionResponse(
      String id, String url, List<String> eventTypes, SubscriptionState state, Instant createdAt) {

    static SubscriptionResponse of(Subscription s) {
      return new SubscriptionResponse(
          s.id(), s.url().toString(), s.eventTypes(), s.state(), s.createdAt());
    }
  }

  /** A subscription as created: the only time its secret is shown. */
  record CreatedSubscriptionResponse(
      String id,
      String url,
      List<String> eventTypes,
      SubscriptionState state,
      String secret,
      Instant createdAt) {

    static CreatedSubscriptionResponse of(Subscription s) {
      return new CreatedSubscriptionResponse(
          s.id(), s.url().toString(), s.eventTypes(), s.state(), s.secret(), s.createdAt());
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
