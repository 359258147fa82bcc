package io.flowmesh.functions.registry;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The function registry API. Slugs contain one slash, hence two path segments. */
@RestController
@RequestMapping("/api/v1/functions")
@Tag(name = "Functions")
class FunctionController {

  private final FunctionRegistry registry;
  private final FunctionCatalog catalog;

  FunctionController(FunctionRegistry registry, FunctionCatalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @GetMapping
  @Operation(summary = "List the functions visible to the tenant (its own and the platform's)")
  Page<FunctionView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(registry.list(tenant.id(), page), FunctionView::slug);
  }

  @GetMapping("/{namespace}/{name}")
  @Operation(summary = "Get a function; the ETag is its revision")
  ResponseEntity<FunctionView> get(
      Tenant tenant, @PathVariable String namespace, @PathVariable String name) {
    String slug = namespace + "/" + name;
    FunctionView view =
        registry.find(tenant.id(), slug).orElseThrow(() -> new FunctionNotFoundException(slug));
    return withEtag(ResponseEntity.ok(), view);
  }

  @PostMapping
  @Operation(summary = "Register an http, oci or worker function (idempotent with Idempotency-Key)")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              examples = @ExampleObject(name = "http function", ref = "register-http-function")))
  @ApiResponse(
      responseCode = "201",
      description = "Registered; Location names it, ETag is its revision",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = FunctionView.class)))
  ResponseEntity<FunctionView> register(
      Tenant tenant,
      @RequestBody FunctionDefinition definition,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    FunctionCatalog.Registered registered =
        catalog.register(tenant.id(), definition, idempotencyKey);
    FunctionView view = registered.function();
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(HttpStatus.CREATED)
            .location(URI.create("/api/v1/functions/" + view.slug()));
    if (registered.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return withEtag(response, view);
  }

  @PutMapping("/{namespace}/{name}")
  @Operation(summary = "Publish a new version of a function (optionally If-Match: its ETag)")
  ResponseEntity<FunctionView> update(
      Tenant tenant,
      @PathVariable String namespace,
      @PathVariable String name,
      @RequestBody FunctionDefinition definition,
      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
    FunctionView view =
        catalog.update(tenant.id(), namespace + "/" + name, definition, revision(ifMatch));
    return withEtag(ResponseEntity.ok(), view);
  }

  @PostMapping("/{namespace}/{name}/disable")
  @Operation(summary = "Disable a function: requests for it fail with FUNCTION_NOT_FOUND")
  ResponseEntity<FunctionView> disable(
      Tenant tenant, @PathVariable String namespace, @PathVariable String name) {
    return withEtag(
        ResponseEntity.ok(), catalog.setEnabled(tenant.id(), namespace + "/" + name, false));
  }

  @PostMapping("/{namespace}/{name}/enable")
  @Operation(summary = "Enable a disabled function again")
  ResponseEntity<FunctionView> enable(
      Tenant tenant, @PathVariable String namespace, @PathVariable String name) {
    return withEtag(
        ResponseEntity.ok(), catalog.setEnabled(tenant.id(), namespace + "/" + name, true));
  }

  private static ResponseEntity<FunctionView> withEtag(
      ResponseEntity.BodyBuilder response, FunctionView view) {
    return response.eTag("\"" + view.revision() + "\"").body(view);
  }

  private static Integer revision(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return null;
    }
    String tag = ifMatch.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    try {
      return Integer.valueOf(tag.replace("\"", ""));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "If-Match", "must be an ETag this API returned, e.g. \"3\"");
    }
  }
}
