package io.flowmesh.gateway.auth;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.model.InternalHeaders;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request by its API key, except the few public paths (probes, metrics, API
 * docs, and inbound webhooks, which event-service verifies per hook: a provider has no API key).
 * Public is the exception so that a route added later is protected without anyone remembering to
 * protect it.
 *
 * <p>On success the request is forwarded with the tenant of the key and the shared gateway token,
 * which is all a service needs to trust it. Whatever a client sent in those headers is dropped
 * first, on every request, so a caller can never choose its tenant. The {@code Authorization}
 * header is dropped too: services do not need the key, and every copy of it is one more place it
 * can leak from.
 */
class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

  /** Probes, metrics, the aggregated API docs with Swagger UI, and inbound webhooks. */
  private static final List<PathPattern> PUBLIC_PATHS =
      Stream.of(
              "/actuator/**",
              "/v3/api-docs/**",
              "/swagger-ui.html",
              "/swagger-ui/**",
              "/webjars/swagger-ui/**",
              "/hooks/**")
          .map(PathPatternParser.defaultInstance::parse)
          .toList();

  private final ApiKeyRegistry registry;
  private final String gatewayToken;

  ApiKeyAuthenticationFilter(ApiKeyRegistry registry, EdgeTokenProperties edge) {
    this.registry = registry;
    this.gatewayToken = edge.gatewayToken();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (isPublic(request.getPath().pathWithinApplication())) {
      return chain.filter(forward(exchange, request.mutate().headers(this::dropInternal)));
    }
    ApiKeyOwner owner;
    try {
      owner = authenticate(request.getHeaders());
    } catch (ApiKeyAuthenticationException e) {
      return Mono.error(e);
    }
    return chain.filter(
        forward(
            exchange,
            request
                .mutate()
                .headers(
                    headers -> {
                      dropInternal(headers);
                      headers.remove(HttpHeaders.AUTHORIZATION);
                      headers.set(InternalHeaders.TENANT, owner.tenant());
                      headers.set(InternalHeaders.GATEWAY_TOKEN, gatewayToken);
                    })));
  }

  private ApiKeyOwner authenticate(HttpHeaders headers) {
    ApiKeyHash presented = ApiKeyHash.of(BearerToken.from(headers));
    return registry.findByHash(presented).orElseThrow(ApiKeyAuthenticationException::unknownKey);
  }

  private void dropInternal(HttpHeaders headers) {
    headers.remove(InternalHeaders.TENANT);
    headers.remove(InternalHeaders.GATEWAY_TOKEN);
  }

  private static ServerWebExchange forward(
      ServerWebExchange exchange, ServerHttpRequest.Builder request) {
    return exchange.mutate().request(request.build()).build();
  }

  private static boolean isPublic(PathContainer path) {
    return PUBLIC_PATHS.stream().anyMatch(pattern -> pattern.matches(path));
  }

  @Override
  public int getOrder() {
    return FilterOrder.AUTHENTICATION;
  }
}
