package io.flowmesh.events.eventtype;

import io.flowmesh.model.TenantId;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What ingestion needs of the catalogue: the schema an event's data must match (its type's, as the
 * tenant sees the type), and whether the type was retired.
 */
@Component
public class EventTypeSchemas {

  private final EventTypeRepository eventTypes;

  EventTypeSchemas(EventTypeRepository eventTypes) {
    this.eventTypes = eventTypes;
  }

  /** The type as the tenant sees it, or empty if it has none of that name (any data is fine). */
  public Optional<EventTypeView> of(TenantId tenant, String type) {
    return eventTypes.find(tenant.value(), type);
  }
}
