package io.flowmesh.webhooks.subscription;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription: where to POST which events, signed with which secret.
 *
 * @param tenant owner
 * @param id {@code whs_...}
 * @param url the endpoint, SSRF-checked when created
 * @param eventTypes exact types or {@code *} patterns, see {@link EventTypeFilter}
 * @param secret the {@code whsec_} signing secret
 * @param state whether it receives deliveries
 * @param createdAt when it was created
 */
record Subscription(
    String tenant,
    String id,
    URI url,
    List<String> eventTypes,
    String secret,
    SubscriptionState state,
    Instant createdAt) {

  /** Whether the same creation request would have produced this subscription. */
  boolean sameRequest(URI otherUrl, List<String> otherEventTypes) {
    return url.equals(otherUrl) && eventTypes.equals(otherEventTypes);
  }
}
