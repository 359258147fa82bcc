package io.flowmesh.integrations.connection;

import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads the caller's connections. Creating them comes with secret encryption, later. */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {

  private final ConnectionRepository connections;

  ConnectionController(ConnectionRepository connections) {
    this.connections = connections;
  }

  @GetMapping
  Page<ConnectionView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(connections.list(tenant.id(), page), ConnectionView::id);
  }

  @GetMapping("/{id}")
  ConnectionView get(Tenant tenant, @PathVariable String id) {
    return connections.find(tenant.id(), id).orElseThrow(() -> new ConnectionNotFoundException(id));
  }
}
