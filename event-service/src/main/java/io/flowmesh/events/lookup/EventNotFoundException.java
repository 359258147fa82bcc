package io.flowmesh.events.lookup;

/** The tenant has no stored event with this id (or it is older than the retention). */
public class EventNotFoundException extends RuntimeException {

  public EventNotFoundException(String id) {
    super("Event '" + id + "' not found");
  }
}
