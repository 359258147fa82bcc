package io.flowmesh.events.store;

/** Where a stored event came from. */
public enum EventOrigin {
  /** Sent to {@code POST /api/v1/events} (or an inbound webhook) by a client. */
  API,
  /**
   * Published inside the platform (a publish-event node, a run's lifecycle) and read from Kafka.
   */
  PLATFORM;

  String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
