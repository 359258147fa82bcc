package io.flowmesh.webhooks;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the platform events topic from the start, as an operator's consumer would. */
public final class PlatformEvents implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<InboundEvent> seen = new ArrayList<>();

  public PlatformEvents() {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "platform-events-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    consumer.subscribe(List.of(Topics.PLATFORM_EVENTS));
  }

  /** Every platform event of this type keyed by the subscription, read so far (polls once). */
  public List<InboundEvent> of(String type, String subscriptionId) {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
      seen.add(CloudEventRecords.read(record));
    }
    return seen.stream()
        .filter(e -> e.type().equals(type) && subscriptionId.equals(e.key()))
        .toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
