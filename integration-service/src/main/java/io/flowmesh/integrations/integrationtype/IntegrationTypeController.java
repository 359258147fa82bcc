package io.flowmesh.integrations.integrationtype;

import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads the integration types a connection can have. */
@RestController
@RequestMapping("/api/v1/integration-types")
@Tag(name = "Integration types")
class IntegrationTypeController {

  private final IntegrationTypeRepository types;

  IntegrationTypeController(IntegrationTypeRepository types) {
    this.types = types;
  }

  @GetMapping
  @Operation(summary = "List the integration types")
  Page<IntegrationTypeView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(types.list(tenant.id(), page), IntegrationTypeView::type);
  }

  @GetMapping("/{type}")
  @Operation(summary = "Get a type with the JSON Schemas of its settings and its secrets")
  IntegrationTypeView get(Tenant tenant, @PathVariable String type) {
    return types
        .find(tenant.id(), type)
        .orElseThrow(() -> new IntegrationTypeNotFoundException(type));
  }
}
