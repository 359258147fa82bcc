package io.flowmesh.model;

import java.util.Objects;

/**
 * The tenant a resource, run or event belongs to. Services pass it as this type rather than a
 * {@code String} so that a tenant can never be swapped with a run, workflow or subscription id in a
 * parameter list; on the wire (JSON, Kafka headers, SQL) it is its {@link #value()}.
 *
 * @param value the tenant's name as the gateway resolved it from the caller's credentials
 */
public record TenantId(String value) {

  public TenantId {
    Objects.requireNonNull(value, "tenant");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a tenant id must not be blank");
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
