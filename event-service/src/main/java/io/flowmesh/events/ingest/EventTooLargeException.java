package io.flowmesh.events.ingest;

/** A request, a batch or an event's data over its limit: a 413. Nothing of it is stored. */
public class EventTooLargeException extends RuntimeException {

  EventTooLargeException(String message) {
    super(message);
  }
}
