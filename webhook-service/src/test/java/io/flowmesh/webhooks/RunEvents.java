package io.flowmesh.webhooks;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes run events to Kafka as the orchestrator's outbox relay does: CloudEvents in binary
 * mode, the ordering key as the record key.
 */
public final class RunEvents implements AutoCloseable {

  /**
   * An event to publish.
   *
   * @param id CloudEvents id
   * @param tenant the tenant extension
   * @param key the record key (ordering key)
   * @param type CloudEvents type
   * @param data the payload record
   */
  public record Event(String id, String tenant, String key, String type, Object data) {
    public static Event of(String tenant, String key, String type, Object data) {
      return new Event(UUID.randomUUID().toString(), tenant, key, type, data);
    }
  }

  private final KafkaProducer<String, byte[]> producer;
  private final JsonMapper json;

  public RunEvents(JsonMapper json) {
    this.json = json;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true));
  }

  /** Publishes in list order and waits for every acknowledgement. */
  public void publish(List<Event> events) {
    List<Future<RecordMetadata>> acks =
        events.stream().map(event -> producer.send(record(event))).toList();
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Publishes a record that is not a CloudEvent at all. */
  public void publishGarbage(String key) {
    try {
      producer.send(new ProducerRecord<>(Topics.RUN_EVENTS, key, "not an event".getBytes())).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ProducerRecord<String, byte[]> record(Event event) {
    CloudEvent cloudEvent =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withSource(URI.create("/flowmesh/orchestrator-service"))
            .withType(event.type())
            .withSubject(event.key())
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withDataContentType(CloudEventAttributes.JSON)
            .withExtension(CloudEventAttributes.TENANT, event.tenant())
            .withData(json.writeValueAsBytes(event.data()))
            .build();
    return KafkaMessageFactory.createWriter(Topics.RUN_EVENTS, event.key()).writeBinary(cloudEvent);
  }

  @Override
  public void close() {
    producer.close();
  }
}
