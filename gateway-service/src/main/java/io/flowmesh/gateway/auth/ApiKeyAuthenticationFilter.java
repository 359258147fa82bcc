package io.flowmesh.gateway.auth;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.scopes.AccessRules;
import io.flowmesh.model.InternalHeaders;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request by its API key or, when OpenID Connect providers are configured, its
 * JWT access token ({@link TokenAuthenticator}), except the few public paths of {@link AccessRules}
 * (probes, metrics, API docs, and inbound webhooks, which event-service verifies per hook: a
 * provider has no API key). Public is the exception so that a route added later is protected
 * without anyone remembering to protect it. The caller is attached to the exchange as an {@link
 * ApiKeyOwner}; what it may do is checked after this, by the tenant's status and the key's scopes.
 *
 * <p>On success the request is forwarded with the tenant of the key and the shared gateway token,
 * which is all a service needs to trust it. Whatever a client sent in those headers is dropped
 * first, on every request, so a caller can never choose its tenant. The {@code Authorization}
 * header is dropped too: services do not need the key, and every copy of it is one more place it
 * can leak from.
 */
class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

  private final List<ApiKeyRegistry> registries;
  private final List<TokenAuthenticator> tokenAuthenticators;
  private final String gatewayToken;

  /**
   * @param registries asked in order; the first that knows the key decides
   * @param tokenAuthenticators asked first, for tokens that are not API keys (JWTs)
   */
  ApiKeyAuthenticationFilter(
      List<ApiKeyRegistry> registries,
      List<TokenAuthenticator> tokenAuthenticators,
      EdgeTokenProperties edge) {
    this.registries = List.copyOf(registries);
    this.tokenAuthenticators = List.copyOf(tokenAuthenticators);
    this.gatewayToken = edge.gatewayToken();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (AccessRules.isPublic(request.getPath().pathWithinApplication())) {
      return chain.filter(forward(exchange, request.mutate().headers(this::dropInternal)));
    }
    String token;
    try {
      token = BearerToken.from(request.getHeaders());
    } catch (ApiKeyAuthenticationException e) {
      return Mono.error(e);
    }
    return caller(token)
        .flatMap(
            owner -> {
              owner.attachTo(exchange);
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
            });
  }

  private Mono<ApiKeyOwner> caller(String token) {
    for (TokenAuthenticator authenticator : tokenAuthenticators) {
      if (authenticator.accepts(token)) {
        return authenticator.authenticate(token);
      }
    }
    ApiKeyHash presented = ApiKeyHash.of(token);
    return Flux.fromIterable(registries)
        .concatMap(registry -> registry.findByHash(presented))
        .next()
        .switchIfEmpty(Mono.error(ApiKeyAuthenticationException::unknownKey));
  }

  private void dropInternal(HttpHeaders headers) {
    headers.remove(InternalHeaders.TENANT);
    headers.remove(InternalHeaders.GATEWAY_TOKEN);
  }

  private static ServerWebExchange forward(
      ServerWebExchange exchange, ServerHttpRequest.Builder request) {
    return exchange.mutate().request(request.build()).build();
  }

  @Override
  public int getOrder() {
    return FilterOrder.AUTHENTICATION;
  }
}
