package io.flowmesh.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Title, version and description from {@code flowmesh.openapi.*}; the gateway as the only server,
 * since a service refuses API calls that did not come through it; and the API key as the global
 * security requirement, so Swagger UI's "Authorize" applies it to every call.
 */
class GatewayFacingDocument implements OpenApiCustomizer {

  /** The name of the API-key scheme; the gateway's merged document uses the same. */
  static final String API_KEY_SCHEME = "apiKey";

  static final String API_KEY_DESCRIPTION =
      "A Flowmesh API key, sent as `Authorization: Bearer <key>`. Keys look like `fm_live_...` or"
          + " `fm_dev_...` (`./flowmesh run` prints a dev key); each belongs to one tenant, and"
          + " every call acts for that tenant.";

  private final OpenApiProperties properties;

  GatewayFacingDocument(OpenApiProperties properties) {
    this.properties = properties;
  }

  @Override
  public void customise(OpenAPI api) {
    api.info(
        new Info()
            .title(properties.title())
            .version(properties.version())
            .description(properties.description()));
    api.servers(
        List.of(
            new Server()
                .url(properties.serverUrl().toString())
                .description("The Flowmesh gateway: every call goes through it, with an API key")));
    if (api.getComponents() == null) {
      api.components(new Components());
    }
    api.getComponents()
        .addSecuritySchemes(
            API_KEY_SCHEME,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("fm_...")
                .description(API_KEY_DESCRIPTION));
    api.security(List.of(new SecurityRequirement().addList(API_KEY_SCHEME)));
  }
}
