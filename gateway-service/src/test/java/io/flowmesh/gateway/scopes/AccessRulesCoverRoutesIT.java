package io.flowmesh.gateway.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.gateway.GatewayFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Every path the gateway routes or serves itself is either public or has a scope rule in {@link
 * AccessRules}: a route added to application.yml, or an endpoint added to the gateway, without a
 * rule fails this test (and would be unreachable, answered 404, rather than open).
 */
@SpringBootTest
class AccessRulesCoverRoutesIT {

  @Autowired RouteDefinitionLocator routes;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping gatewayEndpoints;

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, "fm_live_rules_it", "platform");
  }

  @Test
  void everyRoutedPathIsPublicOrHasAScopeRule() {
    List<RouteDefinition> definitions = routes.getRouteDefinitions().collectList().block();
    List<String> uncovered = new ArrayList<>();
    int checked = 0;
    for (RouteDefinition route : definitions) {
      for (String pattern : pathPatterns(route)) {
        for (String path : samplePaths(pattern)) {
          checked++;
          PathContainer container = PathContainer.parsePath(path);
          boolean covered =
              AccessRules.isPublic(container)
                  || AccessRules.ruleFor(HttpMethod.GET, container).isPresent()
                  || AccessRules.ruleFor(HttpMethod.POST, container).isPresent();
          if (!covered) {
            uncovered.add(route.getId() + " " + path);
          }
        }
      }
    }

    assertThat(checked).as("paths checked").isGreaterThan(20);
    assertThat(uncovered).as("routed paths without a scope rule").isEmpty();
  }

  @Test
  void everyEndpointOfTheGatewayItselfHasAScopeRuleForItsMethod() {
    List<String> uncovered = new ArrayList<>();
    int checked = 0;
    for (var handler : gatewayEndpoints.getHandlerMethods().entrySet()) {
      // Flowmesh's own endpoints; springdoc's document endpoints are not part of the API.
      if (!handler.getValue().getBeanType().getPackageName().startsWith("io.flowmesh.gateway")) {
        continue;
      }
      checked++;
      RequestMappingInfo mapping = handler.getKey();
      Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
      mapping
          .getPatternsCondition()
          .getPatterns()
          .forEach(
              pattern -> {
                for (String path : samplePaths(pattern.getPatternString())) {
                  PathContainer container = PathContainer.parsePath(path);
                  if (AccessRules.isPublic(container)) {
                    continue;
                  }
                  for (RequestMethod method : methods) {
                    if (AccessRules.ruleFor(method.asHttpMethod(), container).isEmpty()) {
                      uncovered.add(method + " " + path);
                    }
                  }
                }
              });
    }

    assertThat(checked).as("endpoints checked").isGreaterThan(10);
    assertThat(uncovered).as("gateway endpoints without a scope rule").isEmpty();
  }

  @Test
  void aPathNoRuleKnowsIsNotCovered() {
    // So that the two tests above can fail at all.
    PathContainer path = PathContainer.parsePath("/api/v1/not-a-resource");
    assertThat(AccessRules.isPublic(path)).isFalse();
    assertThat(AccessRules.ruleFor(HttpMethod.GET, path)).isEmpty();
  }

  private static List<String> pathPatterns(RouteDefinition route) {
    List<String> patterns = new ArrayList<>();
    route.getPredicates().stream()
        .filter(predicate -> predicate.getName().equals("Path"))
        .flatMap(predicate -> predicate.getArgs().values().stream())
        .flatMap(value -> List.of(value.split(",")).stream())
        .map(String::strip)
        .forEach(patterns::add);
    return patterns;
  }

  /** Concrete paths a pattern matches: the resource itself, one item and one below it. */
  private static List<String> samplePaths(String pattern) {
    String concrete = pattern.replaceAll("\\{[^}]+}", "x1");
    if (!concrete.endsWith("/**")) {
      return List.of(concrete);
    }
    String base = concrete.substring(0, concrete.length() - 3);
    return List.of(base, base + "/x1", base + "/x1/y2");
  }
}
