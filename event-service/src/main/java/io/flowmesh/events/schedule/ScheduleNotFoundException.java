package io.flowmesh.events.schedule;

/** The tenant has no schedule with this id. */
public class ScheduleNotFoundException extends RuntimeException {

  ScheduleNotFoundException(String id) {
    super("Schedule '" + id + "' not found");
  }
}
