package io.flowmesh.webhooks.subscription;

/** No subscription with this id for the caller's tenant (another tenant's id included). */
public class SubscriptionNotFoundException extends RuntimeException {

  public SubscriptionNotFoundException(SubscriptionId id) {
    super("No webhook subscription '" + id + "' exists.");
  }
}
