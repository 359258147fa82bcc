package io.flowmesh.webhooks.subscription;

/** An {@code Idempotency-Key} sent again with a different request body. */
public class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException() {
    super(
        "This Idempotency-Key was already used for a different subscription request; use a new"
            + " key for a new request.");
  }
}
