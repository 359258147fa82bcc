package io.flowmesh.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.model.event.EventAccepted;
import io.flowmesh.model.run.RunWaiting;
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.testinfra.TopicReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event stored for the first time is published once on the accepted-events topic, for
 * correlation with waiting runs: from the API (a resent duplicate is not published again) and from
 * a publish-event node; the runs' own lifecycle events are not.
 */
@SpringBootTest(properties = "flowmesh.edge.gateway-token=" + AcceptedEventsIT.GATEWAY_TOKEN)
@AutoConfigureMockMvc
class AcceptedEventsIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "acceptedevents");
    registry.add("flowmesh.events.consumer-group", () -> "event-service-accepted-it");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;

  @Test
  void anAcceptedEventIsPublishedOnceEvenWhenSentTwice() {
    String tenant = "acc-" + UUID.randomUUID();
    try (TopicReader accepted = TopicReader.fromBeginning(Topics.ACCEPTED_EVENTS)) {
      String body = event(UUID.randomUUID().toString(), "com.acme.order.paid", "o-1");
      String stored = send(tenant, body);
      assertThat(send(tenant, body)).isEqualTo(stored); // a duplicate: the first one's id
      // The tenant is the key, so one tenant's messages keep their order: once this later event
      // is seen, a second message for the duplicate would have been seen before it.
      String marker = send(tenant, event(UUID.randomUUID().toString(), "com.acme.marker", "o-2"));

      List<EventAccepted> seen = readUntil(accepted, tenant, marker);

      assertThat(seen).extracting(EventAccepted::storedId).containsExactly(stored, marker);
      EventAccepted first = seen.getFirst();
      assertThat(first.tenant()).isEqualTo(tenant);
      assertThat(first.type()).isEqualTo("com.acme.order.paid");
      assertThat(first.source()).isEqualTo("/shop");
      assertThat(first.subject()).isEqualTo("order-o-1");
      assertThat(first.time()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
      assertThat(first.data()).isEqualTo(Map.of("orderId", "o-1", "total", 250));
    }
  }

  @Test
  void aPublishedEventOfAWorkflowIsPublishedAndARunsLifecycleEventIsNot() {
    String tenant = "acc-" + UUID.randomUUID();
    try (TopicReader accepted = TopicReader.fromBeginning(Topics.ACCEPTED_EVENTS)) {
      publish(
          Topics.RUN_EVENTS,
          tenant,
          EventTypes.RUN_WAITING,
          new RunWaiting("run_1", "w", 1, Instant.parse("2026-12-07T10:00:00Z")));
      // stored first, so had it been published it would come first on the tenant's partition
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> stored(tenant, EventTypes.RUN_WAITING) == 1);
      publish(Topics.EVENTS, tenant, "com.acme.shipment.sent", Map.of("orderId", "o-3"));

      List<EventAccepted> seen =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInSameThread() // a reader is not thread-safe
              .until(() -> accepted(accepted.poll(), tenant), events -> !events.isEmpty());

      assertThat(seen).extracting(EventAccepted::type).containsExactly("com.acme.shipment.sent");
      assertThat(seen.getFirst().data()).isEqualTo(Map.of("orderId", "o-3"));
    }
  }

  private int stored(String tenant, String type) throws Exception {
    MvcTestResult listed =
        mvc.get()
            .uri("/api/v1/events?type=" + type)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .exchange();
    List<Object> items = JsonPath.read(listed.getResponse().getContentAsString(), "$.items");
    return items.size();
  }

  private List<EventAccepted> readUntil(TopicReader reader, String tenant, String lastStoredId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread() // a reader is not thread-safe
        .until(
            () -> accepted(reader.poll(), tenant),
            seen -> seen.stream().anyMatch(event -> event.storedId().equals(lastStoredId)));
  }

  /** The tenant's events among those read, each an accepted-event message. */
  private List<EventAccepted> accepted(List<InboundEvent> read, String tenant) {
    List<EventAccepted> events = new ArrayList<>();
    for (InboundEvent event : read) {
      if (tenant.equals(event.key())) {
        assertThat(event.type()).isEqualTo(EventTypes.EVENT_ACCEPTED);
        events.add(json.readValue(event.data(), EventAccepted.class));
      }
    }
    return events;
  }

  private String send(String tenant, String event) {
    MvcTestResult sent =
        mvc.post()
            .uri("/api/v1/events")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .contentType(CloudEventsHttp.STRUCTURED)
            .content(event)
            .exchange();
    assertThat(sent).hasStatus(202);
    try {
      return JsonPath.read(sent.getResponse().getContentAsString(), "$.events[0].id");
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String event(String id, String type, String orderId) {
    return """
        {"specversion": "1.0", "id": "%s", "source": "/shop", "type": "%s",
         "subject": "order-%s", "time": "2026-12-07T10:00:00Z",
         "data": {"orderId": "%s", "total": 250}}
        """
        .formatted(id, type, orderId, orderId);
  }

  private void publish(String topic, String tenant, String type, Object payload) {
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
              .withExtension("tenant", tenant)
              .withDataContentType("application/json")
              .withData(json.writeValueAsBytes(payload))
              .build();
      producer.send(KafkaMessageFactory.createWriter(topic, tenant).writeBinary(event));
    }
  }
}
