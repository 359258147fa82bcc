package io.flowmesh.gateway.requestid;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.model.InternalHeaders;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}: the client's own if it is sane, else a new one. The
 * id is forwarded to the service and returned on the response, errors included, so a caller can
 * quote it and operators can find the request in every service's logs.
 */
@Component
class RequestIdFilter implements WebFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String requestId =
        RequestIds.acceptOrGenerate(
            exchange.getRequest().getHeaders().getFirst(InternalHeaders.REQUEST_ID));
    // Set at commit time so it wins over whatever a service or an error handler put there.
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              exchange.getResponse().getHeaders().set(InternalHeaders.REQUEST_ID, requestId);
              return Mono.empty();
            });
    ServerHttpRequest forwarded =
        exchange
            .getRequest()
            .mutate()
            .headers(headers -> headers.set(InternalHeaders.REQUEST_ID, requestId))
            .build();
    return chain.filter(exchange.mutate().request(forwarded).build());
  }

  @Override
  public int getOrder() {
    return FilterOrder.REQUEST_ID;
  }
}
