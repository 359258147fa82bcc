package io.flowmesh.events.trigger;

/** The tenant has no trigger with this id. */
public class TriggerNotFoundException extends RuntimeException {

  TriggerNotFoundException(String id) {
    super("Trigger '" + id + "' not found");
  }
}
