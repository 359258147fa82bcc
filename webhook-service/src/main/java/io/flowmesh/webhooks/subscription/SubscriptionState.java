package io.flowmesh.webhooks.subscription;

/** Whether a subscription receives deliveries. */
public enum SubscriptionState {
  /** New events are queued and delivered. */
  ACTIVE,
  /** No new events are queued; queued deliveries wait (e.g. the endpoint answered 410 Gone). */
  DISABLED
}
