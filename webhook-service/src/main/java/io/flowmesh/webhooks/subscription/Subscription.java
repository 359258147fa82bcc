package io.flowmesh.webhooks.subscription;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.webhooks.signing.WebhookSecrets;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A webhook subscription: where to POST which events, signed with which secret. A row of {@code
 * subscriptions} as Spring Data JDBC maps it (ADR 0031); the columns the delivery engine keeps
 * (rate-limit tokens, endpoint health) are not part of it, so saving it never touches them.
 *
 * @param tenant owner
 * @param id {@code whs_...}
 * @param url the endpoint, SSRF-checked when saved
 * @param eventTypes exact types or {@code *} patterns, see {@link EventTypeFilter}
 * @param secret the current {@code whsec_} signing secret
 * @param state whether it receives deliveries
 * @param createdAt when it was created
 * @param settings filter, ordering key, rate limit and failure policy
 * @param disabledReason why it is disabled, null when active
 * @param previousSecret the secret before the last rotation, null if never rotated
 * @param previousSecretExpiresAt until when the previous secret also signs (may have passed)
 * @param idempotencyKey the {@code Idempotency-Key} it was created with, null for none
 * @param updatedAt when it was last changed, null if never
 * @param version the ETag; increments with every change (0 before it is first saved)
 */
@Table("subscriptions")
record Subscription(
    TenantId tenant,
    @Id SubscriptionId id,
    URI url,
    List<String> eventTypes,
    String secret,
    SubscriptionState state,
    Instant createdAt,
    @Embedded.Empty Settings settings,
    String disabledReason,
    String previousSecret,
    Instant previousSecretExpiresAt,
    String idempotencyKey,
    Instant updatedAt,
    @Version long version) {

  /**
   * What a client may set besides URL and event types.
   *
   * @param filter CEL bool expression over {@code event}, null for none
   * @param orderingKey CEL string expression over {@code event}, null for the Kafka record key
   * @param rateLimit deliveries per second, null for unlimited
   * @param failurePolicy what a dead head does to its key
   */
  record Settings(
      String filter, String orderingKey, Integer rateLimit, FailurePolicy failurePolicy) {

    static final Settings DEFAULT = new Settings(null, null, null, FailurePolicy.BLOCK);
  }

  /** A new, active subscription with a new id and secret, not saved yet. */
  static Subscription create(
      TenantId tenant, URI url, List<String> eventTypes, Settings settings, String idempotencyKey) {
    return new Subscription(
        tenant,
        SubscriptionId.of(UuidV7.prefixed("whs")),
        url,
        eventTypes,
        WebhookSecrets.generate(),
        SubscriptionState.ACTIVE,
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        settings,
        null,
        null,
        null,
        idempotencyKey,
        null,
        0);
  }

  /** This subscription with another URL, event types and settings. */
  Subscription change(URI newUrl, List<String> newEventTypes, Settings newSettings) {
    return new Subscription(
        tenant,
        id,
        newUrl,
        newEventTypes,
        secret,
        state,
        createdAt,
        newSettings,
        disabledReason,
        previousSecret,
        previousSecretExpiresAt,
        idempotencyKey,
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        version);
  }

  /** Until when the previous secret still signs, or null if it no longer does. */
  Instant previousSecretSignsUntil() {
    return previousSecretExpiresAt != null && previousSecretExpiresAt.isAfter(Instant.now())
        ? previousSecretExpiresAt
        : null;
  }

  /** The secrets that sign requests now: the current one first, then the previous one. */
  List<String> signingSecrets() {
    return previousSecret != null && previousSecretSignsUntil() != null
        ? List.of(secret, previousSecret)
        : List.of(secret);
  }

  /** Whether the same creation request would have produced this subscription. */
  boolean sameRequest(URI otherUrl, List<String> otherEventTypes, Settings otherSettings) {
    return url.equals(otherUrl)
        && eventTypes.equals(otherEventTypes)
        && settings.equals(otherSettings);
  }

  String etag() {
    return "\"" + version + "\"";
  }
}
