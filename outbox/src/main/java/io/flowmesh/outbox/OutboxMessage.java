package io.flowmesh.outbox;

import java.util.Objects;

/**
 * A message to publish once the current transaction commits.
 *
 * @param topic Kafka topic, one of {@link io.flowmesh.model.Topics}
 * @param key ordering key: all messages of one key are published in commit order
 * @param type CloudEvents type, one of {@link io.flowmesh.model.EventTypes}
 * @param subject CloudEvents subject, e.g. the run id
 * @param tenant the tenant the message belongs to
 * @param data the payload record, serialised as JSON
 * @param traceparent the W3C trace context to publish it with; null for the appending thread's
 *     current span
 */
public record OutboxMessage(
    String topic,
    String key,
    String type,
    String subject,
    String tenant,
    Object data,
    String traceparent) {

  public OutboxMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(data, "data");
  }

  /** A message published with the trace context of the span that appends it. */
  public OutboxMessage(
      String topic, String key, String type, String subject, String tenant, Object data) {
    this(topic, key, type, subject, tenant, data, null);
  }

  /**
   * This message with the trace context of another thread's span: for a message written on behalf
   * of a request by another thread (a group of run starts written together).
   */
  public OutboxMessage withTraceparent(String traceparent) {
    return new OutboxMessage(topic, key, type, subject, tenant, data, traceparent);
  }
}
