package io.flowmesh.gateway.console;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the web console (module {@code console}, ADR 0041) at {@code /console}. The page is
 * public: it holds no data, and every API call it makes carries the API key the user signs in with.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

  @Bean
  RouterFunction<ServerResponse> consoleRoutes() {
    ConsoleHandler handler = new ConsoleHandler();
    return RouterFunctions.route(
        GET("/console").or(GET("/console/**")).or(HEAD("/console/**")), handler::serve);
  }
}
