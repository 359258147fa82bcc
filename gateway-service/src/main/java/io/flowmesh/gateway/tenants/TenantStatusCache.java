package io.flowmesh.gateway.tenants;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmesh.gateway.jdbc.Blocking;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether a tenant is suspended, read from the database at most once per {@link
 * TenantProperties#statusCacheTtl()} per tenant and replica. Concurrent misses for one tenant share
 * one query. A change made on another replica is seen once the entry expires, which bounds how long
 * a suspension takes everywhere without a message between replicas.
 */
@Component
class TenantStatusCache {

  private final AsyncLoadingCache<String, Boolean> suspended;
  private final TenantStore store;

  TenantStatusCache(TenantStore store, TenantProperties properties) {
    this.store = store;
    this.suspended =
        Caffeine.newBuilder()
            .expireAfterWrite(properties.statusCacheTtl())
            .maximumSize(100_000)
            .buildAsync(
                (tenant, executor) -> Blocking.call(() -> store.isSuspended(tenant)).toFuture());
  }

  Mono<Boolean> isSuspended(String tenant) {
    return Mono.fromFuture(suspended.get(tenant));
  }

  /** This replica sees its own change at once; the others within the TTL. */
  void forget(String tenant) {
    suspended.synchronous().invalidate(tenant);
  }
}
