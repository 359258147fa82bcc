package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import io.flowmesh.webhooks.subscription.Subscriptions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operations on deliveries and queues: inspect, replay, recover, unblock. */
@RestController
@Tag(name = "Webhook deliveries")
class DeliveryOperationsController {

  private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "DEAD");

  private final DeliveryQueries queries;
  private final DeliveryOperations operations;
  private final Subscriptions subscriptions;

  DeliveryOperationsController(
      DeliveryQueries queries, DeliveryOperations operations, Subscriptions subscriptions) {
    this.queries = queries;
    this.operations = operations;
    this.subscriptions = subscriptions;
  }

  @GetMapping("/api/v1/webhook-deliveries")
  @Operation(
      summary =
          "List a subscription's deliveries, by key and status, in id order (UUIDv7: about creation order)")
  Page<DeliveryQueries.DeliveryView> list(
      Tenant tenant,
      @RequestParam(required = false) String subscriptionId,
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String cursor) {
    if (subscriptionId == null || subscriptionId.isBlank()) {
      throw new InvalidRequestException("subscriptionId", "is required");
    }
    String normalized = status == null ? null : status.toUpperCase(Locale.ROOT);
    if (normalized != null && !STATUSES.contains(normalized)) {
      throw new InvalidRequestException("status", "must be one of pending, delivered, dead");
    }
    PageRequest page = PageRequest.of(limit, cursor);
    TenantId owner = TenantId.of(tenant.id());
    SubscriptionId subscription = SubscriptionId.of(subscriptionId);
    subscriptions.endpoint(owner, subscription);
    return queries.list(owner, subscription, key, normalized, page);
  }

  @GetMapping("/api/v1/webhook-deliveries/{id}")
  @Operation(summary = "Get a delivery")
  DeliveryQueries.DeliveryView get(Tenant tenant, @PathVariable String id) {
    DeliveryId delivery = DeliveryId.of(id);
    return queries
        .find(TenantId.of(tenant.id()), delivery)
        .orElseThrow(() -> new DeliveryNotFoundException(delivery));
  }

  @GetMapping("/api/v1/webhook-deliveries/{id}/attempts")
  @Operation(summary = "List a delivery's attempts, oldest first")
  Page<DeliveryQueries.AttemptView> attempts(
      Tenant tenant,
      @PathVariable String id,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    get(tenant, id);
    return queries.attempts(TenantId.of(tenant.id()), DeliveryId.of(id), page);
  }

  @PostMapping("/api/v1/webhook-deliveries/{id}/replay")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Replay a delivered or dead delivery",
      description = "Appends a copy (new webhook-id, same event) to the end of its key's queue.")
  DeliveryQueries.DeliveryView replay(Tenant tenant, @PathVariable String id) {
    return operations.replay(TenantId.of(tenant.id()), DeliveryId.of(id));
  }

  @PostMapping("/api/v1/webhook-subscriptions/{id}/replay-dead-letters")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Replay dead letters not replayed before",
      description =
          "Optional body {\"key\": \"...\"}. Copies go to the end of their keys' queues, in the"
              + " keys' original order. A dead head that blocks its key is not copied: unblock it.")
  ReplayResponse replayDeadLetters(
      Tenant tenant, @PathVariable String id, @RequestBody(required = false) KeyRequest body) {
    return new ReplayResponse(
        operations.replayDeadLetters(
            TenantId.of(tenant.id()), SubscriptionId.of(id), body == null ? null : body.key()));
  }

  @PostMapping("/api/v1/webhook-subscriptions/{id}/recover")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Redeliver everything since a time",
      description =
          "Body {\"since\": \"2026-01-01T00:00:00Z\"}: copies of every delivered or dead delivery"
              + " queued since then go to the end of their keys' queues, in original order.")
  ReplayResponse recover(Tenant tenant, @PathVariable String id, @RequestBody RecoverRequest body) {
    if (body == null || body.since() == null) {
      throw new InvalidRequestException("since", "is required (RFC 3339 UTC timestamp)");
    }
    if (body.since().isAfter(Instant.now())) {
      throw new InvalidRequestException("since", "must not be in the future");
    }
    return new ReplayResponse(
        operations.recover(TenantId.of(tenant.id()), SubscriptionId.of(id), body.since()));
  }

  @PostMapping("/api/v1/webhook-subscriptions/{id}/keys/unblock")
  @Operation(
      summary = "Unblock a key whose dead head blocks it (failure policy block)",
      description =
          "Body {\"key\": \"...\", \"mode\": \"retry\" | \"skip\"}: retry sends the dead head"
              + " again with a fresh retry schedule, first in line; skip leaves it a dead letter"
              + " and the key goes on. 409 if the key is not blocked.")
  DeliveryQueries.DeliveryView unblock(
      Tenant tenant, @PathVariable String id, @RequestBody UnblockRequest body) {
    if (body == null || body.key() == null) {
      throw new InvalidRequestException("key", "is required");
    }
    String mode = body.mode() == null ? "" : body.mode().toLowerCase(Locale.ROOT);
    if (!mode.equals("retry") && !mode.equals("skip")) {
      throw new InvalidRequestException("mode", "must be 'retry' or 'skip'");
    }
    return operations.unblock(
        TenantId.of(tenant.id()), SubscriptionId.of(id), body.key(), mode.equals("retry"));
  }

  @GetMapping("/api/v1/webhook-subscriptions/{id}/keys")
  @Operation(
      summary = "Per-key queue depth and oldest undelivered age",
      description =
          "Keys in key order; by default those with pending deliveries or blocked. state=blocked"
              + " lists blocked keys only, state=all every key.")
  Page<DeliveryQueries.KeyView> keys(
      Tenant tenant,
      @PathVariable String id,
      @RequestParam(defaultValue = "backlog") String state,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String cursor) {
    if (!Set.of("backlog", "blocked", "all").contains(state)) {
      throw new InvalidRequestException("state", "must be one of backlog, blocked, all");
    }
    PageRequest page = PageRequest.of(limit, cursor);
    TenantId owner = TenantId.of(tenant.id());
    SubscriptionId subscription = SubscriptionId.of(id);
    subscriptions.endpoint(owner, subscription);
    return queries.keys(owner, subscription, state.equals("all"), state.equals("blocked"), page);
  }

  /**
   * Optional key.
   *
   * @param key only this ordering key; null for all
   */
  record KeyRequest(String key) {}

  /**
   * Body of a recover request.
   *
   * @param since redeliver what was queued at or after this time
   */
  record RecoverRequest(Instant since) {}

  /**
   * Body of an unblock request.
   *
   * @param key the blocked ordering key
   * @param mode {@code retry} or {@code skip}
   */
  record UnblockRequest(String key, String mode) {}

  /**
   * How many deliveries a replay appended.
   *
   * @param replayed the number of copies queued; at most flowmesh.webhooks.operations.max-replay
   */
  record ReplayResponse(int replayed) {}
}
