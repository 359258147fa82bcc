package io.flowmesh.gateway.auth;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.gateway.scopes.AccessRules;
import io.flowmesh.gateway.scopes.AccessRules.AccessRule;
import io.flowmesh.gateway.scopes.InsufficientScopeException;
import io.flowmesh.gateway.scopes.Scope;
import io.flowmesh.model.ProblemTypes;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets an authenticated request through only if its key holds every scope {@link AccessRules} asks
 * for: 403 naming the missing scope otherwise, and 404 for a path no rule knows. The rules are a
 * table in the {@code scopes} package; this filter only applies them.
 */
@Component
class ScopeFilter implements WebFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Optional<ApiKeyOwner> owner = ApiKeyOwner.of(exchange);
    if (owner.isEmpty()) {
      // A public path: authentication refused everything else already.
      return chain.filter(exchange);
    }
    ServerHttpRequest request = exchange.getRequest();
    PathContainer path = request.getPath().pathWithinApplication();
    Optional<AccessRule> rule = AccessRules.ruleFor(request.getMethod(), path);
    if (rule.isEmpty()) {
      return Mono.error(
          new ErrorResponseException(
              HttpStatus.NOT_FOUND,
              Problems.of(
                  HttpStatus.NOT_FOUND,
                  ProblemTypes.NOT_FOUND,
                  "No resource exists at this path for this method."),
              null));
    }
    for (Scope scope : rule.get().scopes()) {
      if (!owner.get().holds(scope)) {
        return Mono.error(
            new InsufficientScopeException(
                scope,
                "The API key lacks the scope '"
                    + scope.wireName()
                    + "', which "
                    + request.getMethod().name()
                    + " "
                    + path.value()
                    + " requires."));
      }
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return FilterOrder.AUTHORIZATION;
  }
}
