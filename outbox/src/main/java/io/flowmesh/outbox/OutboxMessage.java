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
 */
public record OutboxMessage(
    String topic, String key, String type, String subject, String tenant, Object data) {

  public OutboxMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(data, "data");
  }
}
