package io.flowmesh.gateway.auth;

import java.util.Optional;

/**
 * Where the gateway looks up API keys. Keys are known only by their SHA-256 digest, so an
 * implementation backed by a table of issued keys can index that column and never store a plain
 * key. Today the only implementation is the single bootstrap key from configuration.
 */
public interface ApiKeyRegistry {

  /**
   * Finds the owner of the active key with this digest.
   *
   * @param hash digest of the key the caller presented
   * @return the owner, or empty if no active key has this digest
   */
  Optional<ApiKeyOwner> findByHash(ApiKeyHash hash);
}
