package io.flowmesh.gateway.keys;

import io.flowmesh.gateway.scopes.Scope;
import java.time.Instant;
import java.util.List;

/**
 * An API key as the API shows it: never its secret.
 *
 * @param id the key's id, {@code key_...}
 * @param name what it is for
 * @param prefix the beginning of its newest secret, e.g. {@code fm_live_Ab3dE9}
 * @param scopes what it may do
 * @param status {@code active}, {@code expired} or {@code revoked}
 * @param createdAt when it was created
 * @param createdBy the id of the key that created it ({@code bootstrap} for the configured key)
 * @param expiresAt when it stops working by itself; null for never
 * @param lastUsedAt about when it was last used (recorded at most once a minute); null if never
 * @param revokedAt when it was revoked; null while not
 */
public record ApiKeyResponse(
    String id,
    String name,
    String prefix,
    List<String> scopes,
    String status,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public static ApiKeyResponse of(ApiKey key, Instant now) {
    String status = key.isRevoked() ? "revoked" : key.isExpiredAt(now) ? "expired" : "active";
    return new ApiKeyResponse(
        key.id(),
        key.name(),
        key.prefix(),
        key.scopes().stream().map(Scope::wireName).toList(),
        status,
        key.createdAt(),
        key.createdBy(),
        key.expiresAt(),
        key.lastUsedAt(),
        key.revokedAt());
  }
}
