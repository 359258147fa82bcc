package io.flowmesh.gateway.openapi;

import io.flowmesh.gateway.routing.ServiceUrlsProperties;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
      ServiceUrlsProperties urls,
      ApiReferenceProperties properties,
      JsonMapper json,
      Environment environment) {
    // The names of the per-service documents' routes, in the order a reader meets the API; the
    // gateway's own endpoints (API keys, tenants, audit) last, from springdoc on this gateway.
    Map<String, Supplier<URI>> services = new LinkedHashMap<>();
    services.put("orchestrator", document(urls.orchestratorUrl()));
    services.put("function-runner", document(urls.functionRunnerUrl()));
    services.put("event", document(urls.eventUrl()));
    services.put("integration", document(urls.integrationUrl()));
    services.put("webhook", document(urls.webhookUrl()));
    services.put(
        GatewayOwnDocument.NAME,
        () ->
            URI.create(
                "http://127.0.0.1:"
                    + environment.getProperty("local.server.port", "8080")
                    + "/v3/api-docs/"
                    + GatewayOwnDocument.NAME));
    return new MergedApiDocument(services, properties, json);
  }

  @Bean
  OpenApiCustomizer gatewayOwnDocument() {
    return new GatewayOwnDocument();
  }

  private static Supplier<URI> document(URI serviceUrl) {
    URI document = serviceUrl.resolve("/v3/api-docs");
    return () -> document;
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
