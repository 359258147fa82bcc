package io.flowmesh.webhooks.delivery;

/** An operation that does not fit a delivery's or key's state (e.g. replaying a pending one). */
public class DeliveryConflictException extends RuntimeException {

  public DeliveryConflictException(String message) {
    super(message);
  }
}
