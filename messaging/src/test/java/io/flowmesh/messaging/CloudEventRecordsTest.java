package io.flowmesh.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.CloudEventAttributes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class CloudEventRecordsTest {

  private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(sent.topic(), 0, 0L, sent.key(), sent.value());
    sent.headers().forEach(header -> record.headers().add(header));
    return record;
  }

  @Test
  void attributesAreReadFromTheHeadersAsTheEventCarriesThem() {
    OutboundEvent sent =
        new OutboundEvent(
            UUID.randomUUID(),
            "acme",
            "flowmesh.run-events.v1",
            "run-1",
            "io.flowmesh.run.started.v1",
            "run-1",
            null,
            Instant.parse("2026-12-02T04:00:00Z"),
            "{\"runId\":\"run-1\"}".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<String, byte[]> record =
        received(CloudEventRecords.toRecord(sent, URI.create("/flowmesh/test")));

    InboundEvent event = CloudEventRecords.read(record);
    assertThat(CloudEventRecords.attribute(record, CloudEventAttributes.TENANT))
        .isEqualTo(event.tenant())
        .isEqualTo("acme");
    assertThat(CloudEventRecords.attribute(record, "type"))
        .isEqualTo(event.type())
        .isEqualTo("io.flowmesh.run.started.v1");
    assertThat(CloudEventRecords.attribute(record, "nosuchattribute")).isNull();
  }

  @Test
  void aRecordWithoutHeadersHasNoAttributes() {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>("t", 0, 0L, "k", "not an event".getBytes(StandardCharsets.UTF_8));
    assertThat(CloudEventRecords.attribute(record, "type")).isNull();
  }
}
