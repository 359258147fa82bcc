package io.flowmesh.gateway.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The document of the gateway's own endpoints (API keys, tenants, audit), which springdoc generates
 * from their controllers at {@code /v3/api-docs/gateway} ({@code springdoc.api-docs.path}: a
 * springdoc group would map {@code /v3/api-docs/{group}} and hide the routes to the services'
 * documents) and {@link MergedApiDocument} merges like a service's. Its error responses refer to
 * the {@code Problem} schema the services define, which {@link DocumentMerger} guarantees in the
 * merged document; the merged document supplies servers, security and the release, so this one
 * leaves them out.
 */
final class GatewayOwnDocument implements OpenApiCustomizer {

  /** The service name in the merged document, and the last segment of the document's path. */
  static final String NAME = "gateway";

  private static final String PROBLEM_REF = "#/components/schemas/" + DocumentMerger.PROBLEM_SCHEMA;

  private static final Map<String, String> ERRORS = errors();

  @Override
  public void customise(OpenAPI api) {
    api.info(new Info().title("Flowmesh gateway API").version(""));
    api.servers(null);
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, operation) -> addProblems(path, method, operation)));
  }

  private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
    if (operation.getResponses() == null) {
      operation.responses(new ApiResponses());
    }
    List<String> statuses = new ArrayList<>(List.of("400", "401", "403"));
    if (path.contains("{")) {
      statuses.add("404");
    }
    if (method != PathItem.HttpMethod.GET) {
      statuses.add("409");
    }
    if (operation.getRequestBody() != null) {
      statuses.add("413");
    }
    statuses.addAll(List.of("429", "500", "503"));
    for (String status : statuses) {
      operation
          .getResponses()
          .addApiResponse(
              status,
              new ApiResponse()
                  .description(ERRORS.get(status))
                  .content(
                      new Content()
                          .addMediaType(
                              org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                              new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)))));
    }
  }

  private static Map<String, String> errors() {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put("400", "The request is malformed or invalid; the detail names what is wrong.");
    errors.put("401", "No API key, or one the gateway does not know or no longer accepts.");
    errors.put(
        "403",
        "The key lacks the scope the operation needs (`missingScope` names it), or its tenant"
            + " is suspended.");
    errors.put("404", "No such resource for the caller's tenant.");
    errors.put("409", "The resource's state does not allow this.");
    errors.put("413", "The request body is larger than the gateway accepts.");
    errors.put("429", "The key or its tenant is over its rate limit; see `Retry-After`.");
    errors.put("500", "An unexpected error; quote the X-Request-Id when reporting it.");
    errors.put("503", "The gateway's database is unavailable just now.");
    return errors;
  }
}
