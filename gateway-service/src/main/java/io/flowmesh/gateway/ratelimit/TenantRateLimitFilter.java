package io.flowmesh.gateway.ratelimit;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.model.InternalHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each tenant's request rate with a token bucket per tenant, so one busy tenant cannot
 * starve the others. Runs after authentication, whose {@code X-Flowmesh-Tenant} is the only one a
 * request can carry by then. Buckets live as long as the gateway: there is one per tenant, and
 * tenants are few.
 */
@Component
class TenantRateLimitFilter implements WebFilter, Ordered {

  private final RateLimitProperties properties;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  TenantRateLimitFilter(RateLimitProperties properties) {
    this.properties = properties;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String tenant = exchange.getRequest().getHeaders().getFirst(InternalHeaders.TENANT);
    if (!properties.enabled() || tenant == null) {
      return chain.filter(exchange);
    }
    Duration wait = buckets.computeIfAbsent(tenant, this::newBucket).tryTake();
    if (!wait.isZero()) {
      return Mono.error(new RateLimitedException(wait));
    }
    return chain.filter(exchange);
  }

  private TokenBucket newBucket(String tenant) {
    return new TokenBucket(
        properties.capacity(), properties.requests(), properties.period(), System::nanoTime);
  }

  @Override
  public int getOrder() {
    return FilterOrder.RATE_LIMIT;
  }
}
