package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription: where to POST which events, signed with which secret.
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
 * @param previousSecretExpiresAt until when the secret before the last rotation also signs
 * @param version the ETag; increments with every change
 */
record Subscription(
    TenantId tenant,
    SubscriptionId id,
    URI url,
    List<String> eventTypes,
    String secret,
    SubscriptionState state,
    Instant createdAt,
    Settings settings,
    String disabledReason,
    Instant previousSecretExpiresAt,
    long version) {

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
