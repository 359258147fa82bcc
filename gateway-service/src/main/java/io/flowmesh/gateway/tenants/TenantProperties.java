package io.flowmesh.gateway.tenants;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenants at the gateway.
 *
 * @param statusCacheTtl how long a replica trusts what it read of a tenant's status: a suspension
 *     or resumption reaches every replica within this time. At most 5 seconds, the promise
 *     docs/security.md makes
 */
@ConfigurationProperties("flowmesh.gateway.tenants")
public record TenantProperties(@DefaultValue("3s") Duration statusCacheTtl) {

  private static final Duration MAX_TTL = Duration.ofSeconds(5);

  public TenantProperties {
    if (statusCacheTtl.isNegative() || statusCacheTtl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "flowmesh.gateway.tenants.status-cache-ttl must be between 0 and " + MAX_TTL);
    }
  }
}
