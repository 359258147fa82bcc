package io.flowmesh.gateway.auth;

import io.flowmesh.gateway.scopes.Scope;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling: the key the request was authenticated with, its tenant and what it may do. The
 * authentication filter puts it on the exchange for the filters and handlers after it.
 *
 * @param tenant the tenant every request made with the key acts for
 * @param keyId the key's id ({@value #BOOTSTRAP_KEY_ID} for the key from configuration)
 * @param scopes what the key may do
 */
public record ApiKeyOwner(String tenant, String keyId, Set<Scope> scopes) {

  /** The id the bootstrap key is known by in the audit log and elsewhere. */
  public static final String BOOTSTRAP_KEY_ID = "bootstrap";

  private static final String ATTRIBUTE = ApiKeyOwner.class.getName();

  public ApiKeyOwner {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(keyId, "keyId");
    scopes = Set.copyOf(scopes);
  }

  /** The caller of an authenticated request; empty on public paths and before authentication. */
  public static Optional<ApiKeyOwner> of(ServerWebExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
  }

  /** The caller of a request that only authenticated callers reach. */
  public static ApiKeyOwner require(ServerWebExchange exchange) {
    return of(exchange)
        .orElseThrow(() -> new IllegalStateException("request was not authenticated"));
  }

  void attachTo(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }

  public boolean holds(Scope scope) {
    return scopes.contains(scope);
  }
}
