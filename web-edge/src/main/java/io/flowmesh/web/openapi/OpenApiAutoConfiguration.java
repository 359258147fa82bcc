package io.flowmesh.web.openapi;

import io.flowmesh.web.Tenant;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes every service's OpenAPI document one a user can work from, for any service with springdoc:
 * the gateway as server, the API key, problem responses, resource tags and examples. Global, so
 * every document group a service defines gets it too.
 */
@AutoConfiguration
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(OpenApiProperties.class)
public class OpenApiAutoConfiguration {

  OpenApiAutoConfiguration() {
    SpringDocUtils.getConfig()
        // The tenant comes from the gateway, never from the client: not an API parameter.
        .addRequestWrapperToIgnore(Tenant.class)
        // A body the controller reads as a tree is JSON, not a bean with isArray(), isNull(), ...
        .replaceWithClass(JsonNode.class, Object.class)
        .replaceWithClass(ObjectNode.class, Object.class);
  }

  /**
   * One customizer, so that the parts run in this order: examples go on the JSON bodies and problem
   * responses the parts before them name.
   */
  @Bean
  GlobalOpenApiCustomizer flowmeshOpenApi(OpenApiProperties properties, ResourceLoader resources) {
    List<OpenApiCustomizer> parts =
        List.of(
            new GatewayFacingDocument(properties),
            new JsonBodies(),
            new ResourceTags(properties),
            new ProblemResponses(),
            new ExampleLibrary(ResourcePatternUtils.getResourcePatternResolver(resources)));
    return api -> parts.forEach(part -> part.customise(api));
  }
}
