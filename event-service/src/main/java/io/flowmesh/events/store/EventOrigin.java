package io.flowmesh.events.store;

/** Where a stored event came from. */
public enum EventOrigin {
  /** Sent to {@code POST /api/v1/events} by a client. */
  API,
  /** Posted by a provider to an inbound webhook, {@code POST /hooks/{hookId}}. */
  HOOK,
  /**
   * Published inside the platform (a publish-event node, a run's lifecycle) and read from Kafka.
   */
  PLATFORM;

  String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
