package io.flowmesh.gateway.keys;

import java.time.Instant;

/**
 * A key just created or rotated, with its secret: the only time the secret is shown.
 *
 * @param key the key
 * @param secret the key to send as {@code Authorization: Bearer <secret>}; store it now, it cannot
 *     be shown again
 */
public record IssuedKeyResponse(ApiKeyResponse key, String secret) {

  public static IssuedKeyResponse of(ApiKeyService.Issued issued, Instant now) {
    return new IssuedKeyResponse(ApiKeyResponse.of(issued.key(), now), issued.secret());
  }

  @Override
  public String toString() {
    return "IssuedKeyResponse[key=" + key.id() + ", secret=******]";
  }
}
