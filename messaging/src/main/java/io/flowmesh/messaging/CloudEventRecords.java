package io.flowmesh.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.model.CloudEventAttributes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The one codec between Flowmesh events and Kafka records: CloudEvents 1.0, Kafka protocol binding,
 * binary mode (attributes in {@code ce_*} headers, JSON data as the value), record key = ordering
 * key.
 */
public final class CloudEventRecords {

  private CloudEventRecords() {}

  /** Builds the Kafka record of an event from {@code source}. */
  public static ProducerRecord<String, byte[]> toRecord(OutboundEvent event, URI source) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(event.id().toString())
            .withSource(source)
            .withType(event.type())
            .withTime(event.time().atOffset(ZoneOffset.UTC))
            .withDataContentType(CloudEventAttributes.JSON)
            .withExtension(CloudEventAttributes.TENANT, event.tenant())
            .withData(event.data());
    if (event.subject() != null) {
      builder.withSubject(event.subject());
    }
    if (event.traceparent() != null) {
      builder.withExtension(CloudEventAttributes.TRACEPARENT, event.traceparent());
    }
    ProducerRecord<String, byte[]> record =
        KafkaMessageFactory.createWriter(event.topic(), event.key()).writeBinary(builder.build());
    if (event.traceparent() != null) {
      // Also as the plain W3C header, which Kafka client instrumentation continues the trace from.
      record.headers().add("traceparent", event.traceparent().getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  /**
   * Reads a Kafka record written by any Flowmesh service.
   *
   * @throws IllegalArgumentException if the record is not a CloudEvent
   */
  public static InboundEvent read(ConsumerRecord<String, byte[]> record) {
    MessageReader reader = KafkaMessageFactory.createReader(record);
    CloudEvent event = reader.toEvent();
    Object tenant = event.getExtension(CloudEventAttributes.TENANT);
    Object traceparent = event.getExtension(CloudEventAttributes.TRACEPARENT);
    OffsetDateTime time = event.getTime();
    return new InboundEvent(
        event.getId(),
        event.getType(),
        event.getSource().toString(),
        event.getSubject(),
        tenant == null ? null : tenant.toString(),
        traceparent == null ? null : traceparent.toString(),
        time,
        record.key(),
        event.getData() == null ? new byte[0] : event.getData().toBytes());
  }

  /**
   * A context attribute of a binary-mode record, read from its {@code ce_} header without parsing
   * the event: lets a consumer skip records it has no use for cheaply. Null if the record has no
   * such header (it may still be a CloudEvent, e.g. in structured mode: {@link #read} it to know).
   *
   * @param name the attribute, e.g. {@code type} or {@link CloudEventAttributes#TENANT}
   */
  public static String attribute(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader("ce_" + name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Parses an event id as written by this library; other ids yield null. */
  public static UUID eventUuid(InboundEvent event) {
    try {
      return UUID.fromString(event.id());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
