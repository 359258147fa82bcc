package io.flowmesh.gateway.keys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API keys issued through {@code /api/v1/api-keys}.
 *
 * @param cacheTtl how long a replica trusts what it read about a presented key: a revocation or
 *     rotation reaches every replica within this time. At most 5 seconds, the promise
 *     docs/security.md makes
 * @param cacheSize how many presented keys, known or unknown, a replica remembers
 * @param lastUsedFlushInterval how often a replica writes the keys' "last used" times: at most one
 *     write per key per interval and replica, instead of one per request
 * @param maxRotationOverlap the longest a rotated secret may stay valid next to its successor
 */
@ConfigurationProperties("flowmesh.gateway.api-keys")
public record ApiKeyProperties(
    @DefaultValue("3s") Duration cacheTtl,
    @DefaultValue("10000") int cacheSize,
    @DefaultValue("60s") Duration lastUsedFlushInterval,
    @DefaultValue("7d") Duration maxRotationOverlap) {

  private static final Duration MAX_TTL = Duration.ofSeconds(5);

  public ApiKeyProperties {
    if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "flowmesh.gateway.api-keys.cache-ttl must be between 0 and " + MAX_TTL);
    }
    if (cacheSize < 1) {
      throw new IllegalArgumentException("flowmesh.gateway.api-keys.cache-size must be positive");
    }
  }
}
