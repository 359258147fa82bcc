package io.flowmesh.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Names JSON where springdoc writes {@code *}{@code /*}: a controller that declares no {@code
 * produces} still answers JSON, and a client generated from {@code *}{@code /*} would not know how
 * to read it.
 */
class JsonBodies implements OpenApiCustomizer {

  private static final String ANY = "*/*";
  private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths().values().stream()
        .flatMap(item -> item.readOperations().stream())
        .forEach(JsonBodies::nameJson);
  }

  private static void nameJson(Operation operation) {
    if (operation.getRequestBody() != null) {
      rename(operation.getRequestBody().getContent());
    }
    if (operation.getResponses() != null) {
      operation.getResponses().values().forEach(response -> rename(response.getContent()));
    }
  }

  private static void rename(Content content) {
    if (content != null && content.containsKey(ANY) && !content.containsKey(JSON)) {
      content.addMediaType(JSON, content.remove(ANY));
    }
  }
}
