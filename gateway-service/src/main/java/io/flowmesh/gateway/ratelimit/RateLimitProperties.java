package io.flowmesh.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request rate limits per tenant and per API key, counted in PostgreSQL so that all gateway
 * replicas share them (ADR 0035). The tenant's limit keeps the names it had when each replica
 * counted on its own; it now holds for the whole gateway, not per replica.
 *
 * @param requests requests one tenant may make per {@code period}, across all replicas; 0 turns the
 *     tenant limit off
 * @param period the period {@code requests} refill over, at most one hour
 * @param burst requests a tenant may make at once after being idle, at most 100,000; 0 means the
 *     same as {@code requests}
 * @param perKey the limit of each API key, on top of its tenant's
 * @param tenants limits of single tenants instead of {@code requests}, {@code period} and {@code
 *     burst}, by tenant id (e.g. {@code flowmesh.gateway.rate-limit.tenants.acme.requests=500}); an
 *     override with requests 0 exempts the tenant
 */
@ConfigurationProperties("flowmesh.gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("0") int requests,
    @DefaultValue("1s") Duration period,
    @DefaultValue("0") int burst,
    @DefaultValue Limit perKey,
    Map<String, Limit> tenants) {

  public RateLimitProperties {
    new Limit(requests, period, burst).validate("flowmesh.gateway.rate-limit");
    perKey.validate("flowmesh.gateway.rate-limit.per-key");
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    tenants.forEach(
        (tenant, limit) -> limit.validate("flowmesh.gateway.rate-limit.tenants." + tenant));
  }

  /** The limit of a tenant: its own if it has one, else the one all tenants share. */
  Limit perTenant(String tenant) {
    return tenants.getOrDefault(tenant, new Limit(requests, period, burst));
  }

  boolean enabled() {
    return requests > 0 || perKey.enabled() || tenants.values().stream().anyMatch(Limit::enabled);
  }

  /**
   * One limit.
   *
   * @param requests requests per {@code period}; 0 turns this limit off
   * @param period the period {@code requests} refill over, at most one hour
   * @param burst requests at once after being idle, at most 100,000; 0 means {@code requests}
   */
  public record Limit(
      @DefaultValue("0") int requests,
      @DefaultValue("1s") Duration period,
      @DefaultValue("0") int burst) {

    private static final Duration MAX_PERIOD = Duration.ofHours(1);
    private static final int MAX = 100_000;

    void validate(String prefix) {
      if (requests < 0 || burst < 0 || burst > MAX || requests > MAX) {
        throw new IllegalArgumentException(
            prefix + ".requests and .burst must be between 0 and " + MAX);
      }
      if (period.isNegative() || period.isZero() || period.compareTo(MAX_PERIOD) > 0) {
        throw new IllegalArgumentException(
            prefix + ".period must be positive and at most " + MAX_PERIOD);
      }
    }

    boolean enabled() {
      return requests > 0;
    }

    int capacity() {
      return burst > 0 ? burst : requests;
    }

    /** Changes when the limit does, so stored buckets take a changed limit on their next use. */
    long version() {
      return Integer.toUnsignedLong(Objects.hash(requests, period, burst));
    }
  }
}
