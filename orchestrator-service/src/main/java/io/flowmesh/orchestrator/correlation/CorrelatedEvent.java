package io.flowmesh.orchestrator.correlation;

import java.util.Map;

/**
 * An event matched to a waiting node: the payload of its {@code EVENT_CORRELATED} timer.
 *
 * @param storedId the event's stored id in event-service ({@code evt_...})
 * @param event the CloudEvent: {@code id}, {@code source}, {@code type}, and {@code subject},
 *     {@code time}, {@code data} when it has them
 */
public record CorrelatedEvent(String storedId, Map<String, Object> event) {

  /** The event's data, or null. */
  public Object data() {
    return event.get("data");
  }
}
