package io.flowmesh.gateway.ratelimit;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.jdbc.Blocking;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Charges every authenticated request to its key and its tenant, so one busy client cannot starve
 * the others, and tells the client where it stands in {@code RateLimit-Policy} and {@code
 * RateLimit} headers. Runs after the scope check: a refused request costs nothing. Public paths
 * (probes, docs, inbound webhooks) are never limited here.
 */
@Component
class SharedRateLimitFilter implements WebFilter, Ordered {

  private final SharedRateLimiter limiter;

  SharedRateLimitFilter(SharedRateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Optional<ApiKeyOwner> caller = ApiKeyOwner.of(exchange);
    if (!limiter.enabled() || caller.isEmpty()) {
      return chain.filter(exchange);
    }
    return Blocking.call(() -> limiter.take(caller.get()))
        .flatMap(
            decision -> {
              HttpHeaders headers = RateLimitHeaders.of(decision.states());
              if (!decision.allowed()) {
                return Mono.error(
                    new RateLimitedException(
                        decision.rejectedBy(), decision.retryAfter(), headers));
              }
              exchange
                  .getResponse()
                  .beforeCommit(
                      () -> {
                        exchange.getResponse().getHeaders().addAll(headers);
                        return Mono.empty();
                      });
              return chain.filter(exchange);
            });
  }

  @Override
  public int getOrder() {
    return FilterOrder.RATE_LIMIT;
  }
}
