package io.flowmesh.events.testing;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.model.Topics;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a run's lifecycle event on the run events topic, as the orchestrator does. */
public final class RunEventsOnKafka {

  private RunEventsOnKafka() {}

  /**
   * Sends the event and waits for the broker's acknowledgement.
   *
   * @param data the event's JSON data
   */
  public static void publish(String tenant, String type, String runId, byte[] data) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      var event =
          CloudEventBuilder.v1()
              .withId(UUID.randomUUID().toString())
              .withSource(URI.create("/flowmesh/orchestrator-service"))
              .withType(type)
              .withSubject(runId)
              .withTime(Instant.now().atOffset(ZoneOffset.UTC))
              .withExtension("tenant", tenant)
              .withDataContentType("application/json")
              .withData(data)
              .build();
      producer
          .send(KafkaMessageFactory.createWriter(Topics.RUN_EVENTS, runId).writeBinary(event))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker did not take the run event", e);
    }
  }
}
