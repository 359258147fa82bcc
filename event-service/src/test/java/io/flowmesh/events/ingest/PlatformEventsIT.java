package io.flowmesh.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Events from inside the platform reach the event store from Kafka: those of publish-event nodes
 * and the runs' lifecycle events, each once however often Kafka delivers it; node events are left
 * out by default.
 */
@SpringBootTest
class PlatformEventsIT {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "platformevents");
    registry.add("flowmesh.events.consumer-group", () -> "event-service-platform-it");
  }

  @Autowired JdbcClient jdbc;

  @Test
  void publishedAndRunEventsAreStoredOnceAndNodeEventsAreLeftOut() {
    String published = UUID.randomUUID().toString();
    String completed = UUID.randomUUID().toString();
    String nodeStarted = UUID.randomUUID().toString();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, Topics.EVENTS, published, "com.acme.invoice.sent", "{\"invoice\": \"i-1\"}");
      send(producer, Topics.EVENTS, published, "com.acme.invoice.sent", "{\"invoice\": \"i-1\"}");
      send(producer, Topics.RUN_EVENTS, nodeStarted, EventTypes.NODE_STARTED, "{\"runId\": \"r\"}");
      send(producer, Topics.RUN_EVENTS, completed, EventTypes.RUN_COMPLETED, "{\"runId\": \"r\"}");
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(stored(completed)).isEqualTo(1));
    assertThat(stored(published)).isEqualTo(1);
    assertThat(stored(nodeStarted)).isZero();
    assertThat(
            jdbc.sql("SELECT origin FROM events WHERE tenant = 'plat' AND event_id = :id")
                .param("id", published)
                .query(String.class)
                .single())
        .isEqualTo("platform");
    assertThat(
            jdbc.sql("SELECT data->>'invoice' FROM events WHERE tenant = 'plat' AND event_id = :id")
                .param("id", published)
                .query(String.class)
                .single())
        .isEqualTo("i-1");
  }

  private long stored(String eventId) {
    return jdbc.sql("SELECT count(*) FROM events WHERE tenant = 'plat' AND event_id = :id")
        .param("id", eventId)
        .query(Long.class)
        .single();
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String id, String type, String data) {
    var event =
        CloudEventBuilder.v1()
            .withId(id)
            .withSource(URI.create("/flowmesh/orchestrator-service"))
            .withType(type)
            .withSubject("r")
            .withTime(OffsetDateTime.now())
            .withExtension("tenant", "plat")
            .withDataContentType("application/json")
            .withData(data.getBytes())
            .build();
    producer.send(KafkaMessageFactory.createWriter(topic, "r").writeBinary(event));
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }
}
