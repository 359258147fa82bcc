package io.flowmesh.events.eventtype;

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

/** Reads the catalogue of event types. */
@RestController
@RequestMapping("/api/v1/event-types")
@Tag(name = "Event types")
class EventTypeController {

  private final EventTypeRepository eventTypes;

  EventTypeController(EventTypeRepository eventTypes) {
    this.eventTypes = eventTypes;
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
