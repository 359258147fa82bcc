package io.flowmesh.webhooks.subscription;

/** The operation does not fit the subscription's current state (e.g. enabling an active one). */
public class SubscriptionConflictException extends RuntimeException {

  public SubscriptionConflictException(String message) {
    super(message);
  }
}
