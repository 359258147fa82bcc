package io.flowmesh.webhooks;

import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** OpenAPI document of this service; the gateway aggregates it. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static {
    // The tenant comes from the gateway, never from the client: not an API parameter.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Tenant.class);
  }

  @Bean
  OpenAPI webhookOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Flowmesh webhooks")
                .version("v1")
                .description(
                    "Webhook subscriptions. Deliveries are POSTed as CloudEvents (JSON structured"
                        + " mode), in order per ordering key, signed per Standard Webhooks."));
  }
}
