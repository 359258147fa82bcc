package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.auth.ApiKeyOwner;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses every request made with a key of a suspended tenant, before its scopes are even looked
 * at. The platform tenant cannot be suspended, so the bootstrap key always gets through.
 */
@Component
class TenantSuspensionFilter implements WebFilter, Ordered {

  private final TenantStatusCache status;

  TenantSuspensionFilter(TenantStatusCache status) {
    this.status = status;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Optional<ApiKeyOwner> owner = ApiKeyOwner.of(exchange);
    if (owner.isEmpty()) {
      return chain.filter(exchange);
    }
    String tenant = owner.get().tenant();
    return status
        .isSuspended(tenant)
        .flatMap(
            suspended ->
                suspended
                    ? Mono.error(new TenantSuspendedException(tenant))
                    : chain.filter(exchange));
  }

  @Override
  public int getOrder() {
    return FilterOrder.TENANT_STATUS;
  }
}
