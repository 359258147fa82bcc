package io.flowmesh.events.eventtype;

/** No event type of that name is visible to the tenant. */
public class EventTypeNotFoundException extends RuntimeException {

  public EventTypeNotFoundException(String type) {
    super("No event type '" + type + "' is registered for this tenant.");
  }
}
