package io.flowmesh.functions.registry;

import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads the function registry. Slugs contain one slash, hence two path segments. */
@RestController
@RequestMapping("/api/v1/functions")
class FunctionController {

  private final FunctionRegistry registry;

  FunctionController(FunctionRegistry registry) {
    this.registry = registry;
  }

  @GetMapping
  Page<FunctionView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(registry.list(tenant.id(), page), FunctionView::slug);
  }

  @GetMapping("/{namespace}/{name}")
  FunctionView get(Tenant tenant, @PathVariable String namespace, @PathVariable String name) {
    String slug = namespace + "/" + name;
    return registry.find(tenant.id(), slug).orElseThrow(() -> new FunctionNotFoundException(slug));
  }
}
