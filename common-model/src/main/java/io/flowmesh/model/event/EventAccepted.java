package io.flowmesh.model.event;

import java.time.Instant;

/**
 * An event event-service stored for the first time (from the API, an inbound webhook, or a
 * publish-event node), as the CloudEvent it was sent as. Published once per stored event, so that
 * waiting runs can be resumed by it (event correlation, ADR 0036).
 *
 * @param storedId the stored id ({@code evt_...}), unique per tenant: the event's identity for
 *     correlation
 * @param tenant the tenant that sent it
 * @param id the CloudEvent's {@code id}
 * @param source the CloudEvent's {@code source}
 * @param type the CloudEvent's {@code type}: what waits name as their {@code eventName}
 * @param subject the CloudEvent's {@code subject}, or null
 * @param time the CloudEvent's {@code time}, or null
 * @param data the CloudEvent's data when it is JSON, else null
 */
public record EventAccepted(
    String storedId,
    String tenant,
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    Object data) {}
