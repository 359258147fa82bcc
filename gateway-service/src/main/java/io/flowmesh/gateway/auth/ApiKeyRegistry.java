package io.flowmesh.gateway.auth;

import reactor.core.publisher.Mono;

/**
 * Where the gateway looks up API keys. Keys are known only by their SHA-256 digest, so a table of
 * issued keys can index that column and never store a plain key. The bootstrap key from
 * configuration is asked first, then the keys issued through {@code /api/v1/api-keys}.
 */
public interface ApiKeyRegistry {

  /**
   * Finds the owner of the active key with this digest.
   *
   * @param hash digest of the key the caller presented
   * @return the owner, or empty if no active key has this digest
   */
  Mono<ApiKeyOwner> findByHash(ApiKeyHash hash);
}
