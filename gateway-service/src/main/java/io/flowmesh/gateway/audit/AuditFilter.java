package io.flowmesh.gateway.audit;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.model.InternalHeaders;
import java.time.Clock;
import java.util.Set;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Records every POST, PUT, PATCH and DELETE of an authenticated caller when its answer is sent,
 * refusals by scope, suspension or rate limit included. Recording is handing the entry to {@link
 * AuditWriter}'s queue: the request never waits for the database. Calls that could not be
 * authenticated have no tenant to file them under and are not recorded.
 */
@Component
class AuditFilter implements WebFilter, Ordered {

  private static final Set<HttpMethod> MUTATING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  /** The route name of the gateway's own endpoints (API keys, tenants). */
  static final String GATEWAY_ROUTE = "gateway";

  private final AuditWriter writer;
  private final Clock clock;

  AuditFilter(AuditWriter writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!MUTATING.contains(request.getMethod())) {
      return chain.filter(exchange);
    }
    String requestId = request.getHeaders().getFirst(InternalHeaders.REQUEST_ID);
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              ApiKeyOwner.of(exchange)
                  .ifPresent(caller -> writer.record(entry(exchange, caller, requestId)));
              return Mono.empty();
            });
    return chain.filter(exchange);
  }

  private AuditEntry entry(ServerWebExchange exchange, ApiKeyOwner caller, String requestId) {
    ServerHttpRequest request = exchange.getRequest();
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    String routeId =
        route != null ? route.getId() : servedByGateway(exchange) ? GATEWAY_ROUTE : null;
    return new AuditEntry(
        0,
        caller.tenant(),
        caller.keyId(),
        request.getMethod().name(),
        request.getPath().value(),
        routeId,
        status == null ? 200 : status.value(),
        requestId,
        clock.instant());
  }

  /** A handler of the gateway's own (an annotated controller) answered. */
  private static boolean servedByGateway(ServerWebExchange exchange) {
    return exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE)
        instanceof HandlerMethod;
  }

  @Override
  public int getOrder() {
    return FilterOrder.AUDIT;
  }
}
