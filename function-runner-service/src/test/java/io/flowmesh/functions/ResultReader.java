package io.flowmesh.functions;

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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads everything on the function results topic, from the beginning, as a fresh consumer. */
public final class ResultReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<InboundEvent> seen = new ArrayList<>();

  public ResultReader() {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    consumer.subscribe(List.of(Topics.FUNCTION_RESULTS));
  }

  /** Polls once more and returns every result seen so far whose subject is the run. */
  public List<InboundEvent> resultsOf(String runId) {
    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(CloudEventRecords.read(r)));
    return seen.stream().filter(e -> runId.equals(e.subject())).toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
