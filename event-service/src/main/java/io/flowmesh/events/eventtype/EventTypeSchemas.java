package io.flowmesh.events.eventtype;

import io.flowmesh.model.TenantId;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The schema an event's data must match: its type's, as the tenant sees the type. */
@Component
public class EventTypeSchemas {

  private final EventTypeRepository eventTypes;

  EventTypeSchemas(EventTypeRepository eventTypes) {
    this.eventTypes = eventTypes;
  }

  /** The data schema of the type, or empty if the tenant has no such type (any data is fine). */
  public Optional<JsonNode> of(TenantId tenant, String type) {
    return eventTypes.find(tenant.value(), type).map(EventTypeView::schema);
  }
}
