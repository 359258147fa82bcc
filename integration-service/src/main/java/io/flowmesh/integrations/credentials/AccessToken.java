package io.flowmesh.integrations.credentials;

import java.time.Instant;

/**
 * An OAuth2 access token and until when it may be handed out.
 *
 * @param usableUntil the token's expiry minus the margin
 */
public record AccessToken(String value, Instant usableUntil) {
  @Override
  public String toString() {
    return "AccessToken[usableUntil=" + usableUntil + "]";
  }
}
