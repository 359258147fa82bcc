package io.flowmesh.gateway.keys;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmesh.gateway.auth.ApiKeyHash;
import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.auth.ApiKeyRegistry;
import io.flowmesh.gateway.jdbc.Blocking;
import io.flowmesh.gateway.keys.ApiKeyStore.PresentedSecret;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The keys issued through {@code /api/v1/api-keys}, looked up by the digest of the presented
 * secret. What the database says about a digest (a key, or that there is none) is kept for {@link
 * ApiKeyProperties#cacheTtl()}, so a busy key costs one query per TTL and replica; a revocation,
 * rotation or new key made on another replica is seen when the entry expires. Expiry times are
 * compared on every request, so an expired key stops at its time exactly.
 */
@Component
@Order(1)
class DatabaseApiKeyRegistry implements ApiKeyRegistry {

  private final AsyncLoadingCache<ApiKeyHash, Optional<PresentedSecret>> secrets;
  private final LastUsedRecorder lastUsed;
  private final Clock clock;

  DatabaseApiKeyRegistry(
      ApiKeyStore store, ApiKeyProperties properties, LastUsedRecorder lastUsed, Clock clock) {
    this.lastUsed = lastUsed;
    this.clock = clock;
    this.secrets =
        Caffeine.newBuilder()
            .expireAfterWrite(properties.cacheTtl())
            // Unknown digests are remembered too, so guessing keys cannot flood the database.
            .maximumSize(properties.cacheSize())
            .buildAsync((hash, executor) -> Blocking.call(() -> store.findSecret(hash)).toFuture());
  }

  @Override
  public Mono<ApiKeyOwner> findByHash(ApiKeyHash hash) {
    return Mono.fromFuture(secrets.get(hash))
        .flatMap(
            found -> {
              Instant now = clock.instant();
              if (found.isEmpty() || !found.get().isValidAt(now)) {
                return Mono.empty();
              }
              PresentedSecret secret = found.get();
              lastUsed.used(secret.keyId(), now);
              return Mono.just(new ApiKeyOwner(secret.tenant(), secret.keyId(), secret.scopes()));
            });
  }

  /** This replica forgets a key at once when it changes it; the others within the TTL. */
  void forget(String keyId) {
    secrets
        .synchronous()
        .asMap()
        .entrySet()
        .removeIf(e -> e.getValue().map(s -> s.keyId().equals(keyId)).orElse(false));
  }
}
