package io.flowmesh.events.eventtype;

/** An event type change that conflicts with the type's state: it exists, or it is retired. */
public class EventTypeConflictException extends RuntimeException {

  EventTypeConflictException(String message) {
    super(message);
  }
}
