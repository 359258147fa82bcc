package io.flowmesh.events.ingest;

/** A request that is in none of the three CloudEvents HTTP modes: a 415. */
public class NotACloudEventException extends RuntimeException {

  NotACloudEventException(String message) {
    super(message);
  }
}
