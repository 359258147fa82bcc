package io.flowmesh.gateway.limits;

import io.flowmesh.gateway.FilterOrder;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses request targets longer than {@link RequestSizeProperties#maxUriLength()} with a 414
 * problem.
 *
 * <p>Reactor Netty answers a request line longer than {@code server.netty.max-initial-line-length}
 * itself, before any filter runs, with an empty 414. So the server reads generous lines (64 KB, in
 * {@code application.yml}) and the limit a client meets is this one, with a problem that says what
 * it is and the request id. Beyond the server's own limit, {@link UriTooLongProblemBodies} gives
 * its 414 a problem body.
 */
@Component
class UriLengthLimitFilter implements WebFilter, Ordered {

  private final long limit;

  UriLengthLimitFilter(RequestSizeProperties properties) {
    this.limit = properties.maxUriLength().toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    URI uri = exchange.getRequest().getURI();
    String path = uri.getRawPath();
    String query = uri.getRawQuery();
    long length = (path == null ? 0 : path.length()) + (query == null ? 0 : query.length() + 1);
    if (length > limit) {
      return Mono.error(new UriTooLongException(length, limit));
    }
    return chain.filter(exchange);
  }

  /** After the request id, so the 414 carries it; before the path firewall reads the path. */
  @Override
  public int getOrder() {
    return FilterOrder.URI_LENGTH;
  }
}
