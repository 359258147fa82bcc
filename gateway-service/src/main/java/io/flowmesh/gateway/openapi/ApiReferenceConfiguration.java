package io.flowmesh.gateway.openapi;

import io.flowmesh.gateway.routing.ServiceUrlsProperties;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the whole API's OpenAPI document at {@code /v3/api-docs/flowmesh}, and at {@code
 * /v3/api-docs} in place of springdoc's document of the gateway itself, which would list no API at
 * all. A router function, because those run before springdoc's controllers.
 */
@Configuration(proxyBeanMethods = false)
class ApiReferenceConfiguration {

  static final String MERGED_PATH = "/v3/api-docs/flowmesh";

  @Bean
  MergedApiDocument mergedApiDocument(
      ServiceUrlsProperties urls, ApiReferenceProperties properties, JsonMapper json) {
    // The names of the per-service documents' routes, in the order a reader meets the API.
    Map<String, URI> services = new LinkedHashMap<>();
    services.put("orchestrator", urls.orchestratorUrl());
    services.put("function-runner", urls.functionRunnerUrl());
    services.put("event", urls.eventUrl());
    services.put("integration", urls.integrationUrl());
    services.put("webhook", urls.webhookUrl());
    return new MergedApiDocument(services, properties, json);
  }

  @Bean
  RouterFunction<ServerResponse> mergedApiDocumentRoute(MergedApiDocument document) {
    return RouterFunctions.route(
        RequestPredicates.GET(MERGED_PATH).or(RequestPredicates.GET("/v3/api-docs")),
        request ->
            document
                .json()
                .flatMap(
                    body ->
                        ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body)));
  }
}
