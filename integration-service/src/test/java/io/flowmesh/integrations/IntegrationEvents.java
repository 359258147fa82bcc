package io.flowmesh.integrations;

import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the integration-events topic from the start, as a consumer of the events would. */
public final class IntegrationEvents implements AutoCloseable {

  /** A record as text: key, CloudEvents headers and value, for assertions and leak searches. */
  public record Event(String key, String type, String text) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<Event> seen = new ArrayList<>();

  public IntegrationEvents() {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.INTEGRATION_EVENTS));
  }

  /** Everything read so far, after one more poll. */
  public List<Event> poll() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
      StringBuilder text = new StringBuilder();
      String type = null;
      for (Header header : record.headers()) {
        String value =
            header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        text.append(header.key()).append('=').append(value).append('\n');
        if (header.key().equals("ce_type")) {
          type = value;
        }
      }
      text.append(new String(record.value(), StandardCharsets.UTF_8));
      seen.add(new Event(record.key(), type, text.toString()));
    }
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
