package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.auth.BootstrapKeyProperties;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses every request made with a key of a suspended tenant, before its scopes are even looked
 * at. The platform tenant cannot be suspended and is not looked up, so the bootstrap key gets
 * through even while the database is unreachable.
 */
@Component
class TenantSuspensionFilter implements WebFilter, Ordered {

  private final TenantStatusCache status;
  private final String platformTenant;

  TenantSuspensionFilter(TenantStatusCache status, BootstrapKeyProperties bootstrap) {
    this.status = status;
    this.platformTenant = bootstrap.tenant();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Optional<ApiKeyOwner> owner = ApiKeyOwner.of(exchange);
    if (owner.isEmpty()) {
      return chain.filter(exchange);
    }
    String tenant = owner.get().tenant();
    if (tenant.equals(platformTenant)) {
      return chain.filter(exchange);
    }
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
