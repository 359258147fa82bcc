package io.flowmesh.events.lookup;

import io.flowmesh.events.store.EventFilter;
import io.flowmesh.events.store.EventQueries;
import io.flowmesh.events.store.StoredEvent;
import io.flowmesh.events.trigger.Evaluations;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads the event store: a filtered listing and one event by its stored id. */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events")
class EventQueryController {

  private final EventQueries queries;
  private final Evaluations evaluations;

  EventQueryController(EventQueries queries, Evaluations evaluations) {
    this.queries = queries;
    this.evaluations = evaluations;
  }

  @GetMapping
  @Operation(
      summary = "List stored events, oldest first (cursor pagination)",
      description =
          "Filters by CloudEvents type, source and subject (exact), and by when the event was"
              + " accepted: from (inclusive) and to (exclusive), ISO-8601 instants.")
  Page<StoredEvent> list(
      Tenant tenant,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String subject,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    EventFilter filter = new EventFilter(type, source, subject, from, to);
    return page.page(queries.list(TenantId.of(tenant.id()), filter, page), StoredEvent::id);
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a stored event by its id (evt_...), with what it triggered")
  EventDetail get(Tenant tenant, @PathVariable String id) {
    TenantId tenantId = TenantId.of(tenant.id());
    StoredEvent stored =
        queries.find(tenantId, id).orElseThrow(() -> new EventNotFoundException(id));
    return new EventDetail(
        stored.id(),
        stored.receivedAt(),
        stored.origin(),
        stored.event(),
        evaluations.ofEvent(tenantId, id));
  }
}
