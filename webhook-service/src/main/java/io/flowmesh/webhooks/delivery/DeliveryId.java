package io.flowmesh.webhooks.delivery;

import java.util.Objects;

/**
 * A webhook delivery's id, {@code whd_<uuidv7>}, sent as the {@code webhook-id} header. Any string
 * a client sends is taken as-is: an id that names no delivery of the caller's tenant is a 404.
 *
 * @param value the id as it appears in headers, URLs, JSON and SQL
 */
record DeliveryId(String value) {

  DeliveryId {
    Objects.requireNonNull(value, "delivery id");
  }

  static DeliveryId of(String value) {
    return new DeliveryId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
