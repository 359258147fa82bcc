package io.flowmesh.messaging;

import java.time.OffsetDateTime;

/**
 * A CloudEvent read from Kafka.
 *
 * @param id event id, unique per event: the key consumers dedupe on
 * @param type CloudEvents type
 * @param source CloudEvents source
 * @param subject CloudEvents subject, may be null
 * @param tenant the tenant extension
 * @param traceparent the trace context extension, may be null
 * @param time when the event occurred
 * @param key the Kafka record key (ordering key)
 * @param data JSON data
 */
public record InboundEvent(
    String id,
    String type,
    String source,
    String subject,
    String tenant,
    String traceparent,
    OffsetDateTime time,
    String key,
    byte[] data) {}
