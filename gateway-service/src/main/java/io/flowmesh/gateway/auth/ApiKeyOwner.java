package io.flowmesh.gateway.auth;

import java.util.Objects;

/**
 * Whom an API key belongs to.
 *
 * @param tenant the tenant every request made with the key acts for
 */
public record ApiKeyOwner(String tenant) {

  public ApiKeyOwner {
    Objects.requireNonNull(tenant, "tenant");
  }
}
