package io.flowmesh.outbox;

import java.time.Instant;
import java.util.UUID;

/** A committed outbox row as the relay reads it. */
record OutboxRow(
    long id,
    UUID eventId,
    String tenant,
    String topic,
    String messageKey,
    String eventType,
    String subject,
    String traceparent,
    Instant occurredAt,
    byte[] payload) {}
