package io.flowmesh.events.eventtype;

import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue of event types: the platform's, read only, and the tenant's own. */
@RestController
@RequestMapping("/api/v1/event-types")
@Tag(name = "Event types")
class EventTypeController {

  private final EventTypeRepository eventTypes;
  private final EventTypeCatalog catalog;

  EventTypeController(EventTypeRepository eventTypes, EventTypeCatalog catalog) {
    this.eventTypes = eventTypes;
    this.catalog = catalog;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Register an event type with the JSON Schema of its data",
      description =
          "Events of the type sent to POST /api/v1/events are checked against the schema (422"
              + " naming the failing path). The io.flowmesh.* namespace is the platform's.")
  EventTypeView register(Tenant tenant, @RequestBody EventTypeRequest request) {
    return catalog.register(tenant.id(), request);
  }

  @PutMapping("/{type}")
  @Operation(
      summary = "Change an event type's description or schema, compatibly",
      description =
          "The new schema must accept every event the old one accepted: fewer required"
              + " properties, new optional properties, more types or values, looser bounds. Any"
              + " other change is a 400 naming the schema path; register a new type instead.")
  EventTypeView change(
      Tenant tenant, @PathVariable String type, @RequestBody EventTypeRequest request) {
    return catalog.change(tenant.id(), type, request);
  }

  @DeleteMapping("/{type}")
  @Operation(
      summary = "Retire an event type: events of the type are refused from now on",
      description = "The type stays readable, with retiredAt; stored events stay in the store.")
  EventTypeView retire(Tenant tenant, @PathVariable String type) {
    return catalog.retire(tenant.id(), type);
  }

  @GetMapping
  @Operation(summary = "List the event types (cursor pagination)")
  Page<EventTypeView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return page.page(eventTypes.list(tenant.id(), page), EventTypeView::type);
  }

  /** Types contain dots; Spring MVC no longer treats a suffix as a file extension. */
  @GetMapping("/{type}")
  @Operation(summary = "Get an event type with the schema of its data")
  EventTypeView get(Tenant tenant, @PathVariable String type) {
    return eventTypes
        .find(tenant.id(), type)
        .orElseThrow(() -> new EventTypeNotFoundException(type));
  }
}
