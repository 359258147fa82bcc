package io.flowmesh.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets per API key and per tenant in the {@code rate_limit_buckets} table, through
 * Bucket4j's PostgreSQL backend: each take is a short {@code SELECT ... FOR UPDATE} transaction on
 * the bucket's row, so every replica draws from the same bucket. Concurrent requests for one bucket
 * on one replica are batched into one transaction (Bucket4j's batching optimisation). Blocking:
 * callers run it on {@code Blocking}.
 */
@Component
class SharedRateLimiter {

  private static final Logger log = LoggerFactory.getLogger(SharedRateLimiter.class);

  /** Bucket ids: {@code key:<tenant>:<key id>} and {@code tenant:<tenant>}. */
  private static final String KEY_BUCKET = "key:";

  private static final String TENANT_BUCKET = "tenant:";

  /** A bucket row may go once its bucket would be full again, plus this margin. */
  private static final Duration KEEP_FULL_BUCKETS = Duration.ofMinutes(1);

  private final RateLimitProperties properties;
  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  private final LoadingCache<String, BucketProxy> proxies;

  SharedRateLimiter(DataSource dataSource, RateLimitProperties properties) {
    this.properties = properties;
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_limit_buckets")
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    KEEP_FULL_BUCKETS))
            .build();
    // One proxy per bucket and replica, kept while in use: batching works within one proxy.
    this.proxies =
        Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build(this::proxy);
  }

  /**
   * The state of one policy after a take.
   *
   * @param name {@code key} or {@code tenant}
   * @param quota requests per window
   * @param window the window, i.e. the refill period
   * @param remaining requests left just now
   * @param reset until the bucket is full again
   */
  record PolicyState(String name, int quota, Duration window, long remaining, Duration reset) {}

  /**
   * @param rejectedBy the policy that refused, or null when allowed
   * @param retryAfter how long until the refusing bucket has a token again
   */
  record Decision(List<PolicyState> states, String rejectedBy, Duration retryAfter) {

    boolean allowed() {
      return rejectedBy == null;
    }
  }

  boolean enabled() {
    return properties.enabled();
  }

  /** Takes one token from the key's bucket, then from its tenant's; stops at the first refusal. */
  Decision take(ApiKeyOwner caller) {
    List<PolicyState> states = new ArrayList<>();
    Decision keyRefusal =
        take(
            "key",
            KEY_BUCKET + caller.tenant() + ":" + caller.keyId(),
            properties.perKey(),
            states);
    if (keyRefusal != null) {
      return keyRefusal;
    }
    Decision tenantRefusal =
        take(
            "tenant",
            TENANT_BUCKET + caller.tenant(),
            properties.perTenant(caller.tenant()),
            states);
    return tenantRefusal != null ? tenantRefusal : new Decision(states, null, Duration.ZERO);
  }

  private Decision take(
      String policy, String bucketId, RateLimitProperties.Limit limit, List<PolicyState> states) {
    if (!limit.enabled()) {
      return null;
    }
    ConsumptionProbe probe =
        proxies.get(bucketId + "@" + limit.version()).tryConsumeAndReturnRemaining(1);
    states.add(
        new PolicyState(
            policy,
            limit.requests(),
            limit.period(),
            probe.getRemainingTokens(),
            Duration.ofNanos(probe.getNanosToWaitForReset())));
    if (probe.isConsumed()) {
      return null;
    }
    return new Decision(states, policy, Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** {@code <bucket id>@<limit version>}: the id is the row, the version the limit it holds. */
  private BucketProxy proxy(String cacheKey) {
    int at = cacheKey.lastIndexOf('@');
    String bucketId = cacheKey.substring(0, at);
    long version = Long.parseLong(cacheKey.substring(at + 1));
    RateLimitProperties.Limit limit =
        bucketId.startsWith(KEY_BUCKET)
            ? properties.perKey()
            : properties.perTenant(bucketId.substring(TENANT_BUCKET.length()));
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(limit.capacity())
                    .refillGreedy(limit.requests(), limit.period())
                    .build())
            .build();
    return buckets
        .builder()
        .withOptimization(Optimizations.batching())
        // A bucket stored under another limit takes this one, keeping its share of tokens.
        .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
        .build(bucketId, () -> configuration);
  }

  /** Idle buckets are full again after a while; their rows can go. Any replica may do it. */
  @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
  void removeIdleBuckets() {
    try {
      int removed;
      do {
        removed = buckets.removeExpired(1000);
      } while (removed == 1000);
    } catch (RuntimeException e) {
      log.warn("Could not remove idle rate-limit buckets: {}", e.toString());
    }
  }
}
