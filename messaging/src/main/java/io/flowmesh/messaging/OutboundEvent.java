package io.flowmesh.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvent to write to Kafka: what {@link CloudEventRecords#toRecord} needs besides the source.
 *
 * @param id event id, unique per event
 * @param tenant the tenant extension
 * @param topic the Kafka topic
 * @param key the Kafka record key (ordering key)
 * @param type CloudEvents type
 * @param subject CloudEvents subject, may be null
 * @param traceparent the trace context extension, may be null
 * @param time when the event occurred
 * @param data JSON data
 */
public record OutboundEvent(
    UUID id,
    String tenant,
    String topic,
    String key,
    String type,
    String subject,
    String traceparent,
    Instant time,
    byte[] data) {

  /** The same event with another trace context. */
  public OutboundEvent withTraceparent(String traceparent) {
    return new OutboundEvent(id, tenant, topic, key, type, subject, traceparent, time, data);
  }
}
