package io.flowmesh.events.hook;

import java.util.Arrays;
import java.util.Optional;

/**
 * The verification schemes, each with where its provider puts a delivery's id: a header, or a field
 * of the JSON body. A redelivery keeps that id, so the event store keeps it once.
 */
enum Scheme {
  STANDARD_WEBHOOKS("standard-webhooks", Verifiers::standardWebhooks, "webhook-id", null),
  GITHUB("github", Verifiers::github, "X-GitHub-Delivery", null),
  STRIPE("stripe", Verifiers::stripe, null, "id"),
  SLACK("slack", Verifiers::slack, null, "event_id"),
  HMAC("hmac", Verifiers::hmac, null, null),
  BASIC("basic", Verifiers::basic, null, null),
  BEARER("bearer", Verifiers::bearer, null, null);

  private final String wireName;
  private final Verifier verifier;
  private final String idHeader;
  private final String idField;

  Scheme(String wireName, Verifier verifier, String idHeader, String idField) {
    this.wireName = wireName;
    this.verifier = verifier;
    this.idHeader = idHeader;
    this.idField = idField;
  }

  static Optional<Scheme> of(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
  }

  String wireName() {
    return wireName;
  }

  Verifier verifier() {
    return verifier;
  }

  /** The header that names the delivery, or null. */
  String idHeader() {
    return idHeader;
  }

  /** The top-level field of the JSON body that names the delivery, or null. */
  String idField() {
    return idField;
  }

  /** Whether the provider issues the secret, so that it must be given when the hook is made. */
  boolean providerIssuesSecret() {
    return this == STRIPE || this == SLACK;
  }
}
