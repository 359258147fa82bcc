package io.flowmesh.model.run;

import java.time.Instant;

/**
 * An event accepted by event-service resumed a waiting node of the run (an approval gate or a
 * wait-for-event node), because its type was the node's event name and its correlation matched.
 *
 * @param runId the run
 * @param nodeId the node that waited
 * @param attempt the node attempt it completed
 * @param eventStoredId the event's stored id in event-service ({@code evt_...})
 * @param eventId the CloudEvent's {@code id}
 * @param eventSource the CloudEvent's {@code source}
 * @param eventType the CloudEvent's {@code type}
 * @param at when it was delivered
 */
public record RunEventCorrelated(
    String runId,
    String nodeId,
    int attempt,
    String eventStoredId,
    String eventId,
    String eventSource,
    String eventType,
    Instant at) {}
