package io.flowmesh.webhooks.delivery;

/** No delivery with this id for the caller's tenant (another tenant's id included). */
public class DeliveryNotFoundException extends RuntimeException {

  DeliveryNotFoundException(DeliveryId id) {
    super("No webhook delivery '" + id + "' exists.");
  }
}
