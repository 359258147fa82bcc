package io.flowmesh.gateway.keys;

import io.flowmesh.gateway.scopes.Scope;
import java.time.Instant;
import java.util.Set;

/**
 * An issued API key as its tenant sees it; never its secret, which only exists as a hash.
 *
 * @param id stable id, {@code key_...}; it stays the same across rotations
 * @param tenant the tenant it acts for
 * @param name what its owner called it
 * @param prefix the first characters of its newest secret, to recognise it by
 * @param scopes what it may do
 * @param createdAt when it was created
 * @param createdBy the id of the key that created it
 * @param expiresAt when it stops working by itself; null for never
 * @param revokedAt when it was revoked; null while not
 * @param lastUsedAt about when it was last used (written at most once a minute); null if never
 */
public record ApiKey(
    String id,
    String tenant,
    String name,
    String prefix,
    Set<Scope> scopes,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  boolean isRevoked() {
    return revokedAt != null;
  }

  boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
