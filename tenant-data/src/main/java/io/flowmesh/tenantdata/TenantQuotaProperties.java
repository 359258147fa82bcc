package io.flowmesh.tenantdata;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many things of each kind one tenant may store, e.g. {@code flowmesh.quotas.limits.workflows=
 * 1000}, and overrides for single tenants, e.g. {@code flowmesh.quotas.tenants.acme.workflows=
 * 5000}. A kind without a limit, or with 0, is unlimited. The kinds are named by the service that
 * stores them (docs/security.md, "Quotas").
 *
 * @param limits the limit of each kind for every tenant
 * @param tenants per tenant, limits that replace those of {@code limits}
 */
@ConfigurationProperties("flowmesh.quotas")
public record TenantQuotaProperties(
    @DefaultValue Map<String, Long> limits, @DefaultValue Map<String, Map<String, Long>> tenants) {

  public TenantQuotaProperties {
    limits = Map.copyOf(limits);
    tenants = Map.copyOf(tenants);
  }

  /** The limit of {@code kind} for {@code tenant}; 0 when unlimited. */
  long limitOf(String kind, String tenant) {
    Long own = tenants.getOrDefault(tenant, Map.of()).get(kind);
    long limit = own != null ? own : limits.getOrDefault(kind, 0L);
    return Math.max(0, limit);
  }
}
