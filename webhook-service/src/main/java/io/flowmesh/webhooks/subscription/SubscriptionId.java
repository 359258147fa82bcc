package io.flowmesh.webhooks.subscription;

import java.util.Objects;

/**
 * A webhook subscription's id, {@code whs_<uuidv7>}. Any string a client sends is taken as-is: an
 * id that names no subscription of the caller's tenant is a 404, not a 400.
 *
 * @param value the id as it appears in URLs, JSON and SQL
 */
public record SubscriptionId(String value) implements Comparable<SubscriptionId> {

  public SubscriptionId {
    Objects.requireNonNull(value, "subscription id");
  }

  public static SubscriptionId of(String value) {
    return new SubscriptionId(value);
  }

  @Override
  public int compareTo(SubscriptionId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
