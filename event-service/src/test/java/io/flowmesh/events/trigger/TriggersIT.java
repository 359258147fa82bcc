package io.flowmesh.events.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.events.testing.RunEventsOnKafka;
import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRefused;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.testinfra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Triggers on a real PostgreSQL and Kafka: an event of a trigger's types starts one run through a
 * start request on Kafka (also when the event is sent again), a false filter and a failing
 * expression are recorded with their reason, a refusal from the orchestrator is recorded on the
 * evaluation, and another tenant sees none of it.
 */
@SpringBootTest(properties = "flowmesh.edge.gateway-token=" + TriggersIT.GATEWAY_TOKEN)
@AutoConfigureMockMvc
class TriggersIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "eventtriggers");
    registry.add("flowmesh.events.consumer-group", () -> "event-service-triggers-it");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;

  @Test
  void anEventOfItsTypesStartsOneRunWithTheMappedInputEvenWhenSentTwice() throws Exception {
    String trigger =
        createTrigger(
            "acme",
            """
            {"name": "big orders", "workflowId": "fulfil", "eventTypes": ["com.acme.order.*"],
             "filter": "event.data.total > 100",
             "input": "{'orderId': event.data.orderId, 'total': event.data.total, 'source': event.source}",
             "businessKey": "event.data.orderId"}
            """);
    String orderId = "o-" + UUID.randomUUID();
    try (KafkaConsumer<String, byte[]> requests = consumer(Topics.RUN_START_REQUESTS)) {
      String body = event(UUID.randomUUID().toString(), "com.acme.order.placed", orderId, 250);
      String stored = send("acme", body);
      send("acme", body); // the same source and id: stored once, evaluated once

      List<RunStartRequested> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : requests.poll(Duration.ofMillis(200))) {
                  RunStartRequested request =
                      json.readValue(CloudEventRecords.read(r).data(), RunStartRequested.class);
                  if (stored.equals(request.eventId())) {
                    seen.add(request);
                  }
                }
                return !seen.isEmpty();
              });
      // a second request, had the resent event been evaluated again, would follow within a poll
      for (ConsumerRecord<String, byte[]> r : requests.poll(Duration.ofSeconds(2))) {
        RunStartRequested request =
            json.readValue(CloudEventRecords.read(r).data(), RunStartRequested.class);
        if (stored.equals(request.eventId())) {
          seen.add(request);
        }
      }
      assertThat(seen).hasSize(1);
      RunStartRequested request = seen.getFirst();
      assertThat(request.workflowId()).isEqualTo("fulfil");
      assertThat(request.triggerId()).isEqualTo(trigger);
      assertThat(request.businessKey()).isEqualTo(orderId);
      assertThat(request.idempotencyKey()).isEqualTo("trigger:" + trigger + ":" + stored);
      assertThat(request.input())
          .isEqualTo(Map.of("orderId", orderId, "total", 250, "source", "/shop"));

      MvcTestResult detail = get("acme", "/api/v1/events/" + stored);
      assertThat(detail).bodyJson().extractingPath("$.triggered[0].outcome").isEqualTo("started");
      assertThat(detail)
          .bodyJson()
          .extractingPath("$.triggered[0].runId")
          .isEqualTo(request.runId());
      assertThat(get("acme", "/api/v1/triggers/" + trigger + "/evaluations"))
          .bodyJson()
          .extractingPath("$.items.length()")
          .isEqualTo(1);
    }
  }

  @Test
  void aFalseFilterAndAFailingExpressionAreRecordedWithTheirReason() throws Exception {
    createTrigger(
        "initech",
        """
        {"name": "filtered", "workflowId": "w", "eventTypes": ["com.initech.tps"],
         "filter": "event.data.total > 100"}
        """);
    createTrigger(
        "initech",
        """
        {"name": "broken key", "workflowId": "w", "eventTypes": ["*"],
         "businessKey": "event.data.customer.id"}
        """);

    String stored =
        send("initech", event(UUID.randomUUID().toString(), "com.initech.tps", "o-1", 5));

    MvcTestResult detail = get("initech", "/api/v1/events/" + stored);
    assertThat(detail)
        .bodyJson()
        .extractingPath("$.triggered[*].outcome")
        .asArray()
        .containsExactlyInAnyOrder("filtered", "failed");
    String answer = detail.getResponse().getContentAsString();
    List<String> reasons = JsonPath.read(answer, "$.triggered[*].reason");
    assertThat(reasons).contains("the filter is false");
    assertThat(reasons).anyMatch(reason -> reason.startsWith("businessKey: "));
  }

  @Test
  void aRefusalFromTheOrchestratorIsRecordedOnTheEvaluation() throws Exception {
    createTrigger(
        "globex",
        """
        {"name": "to nowhere", "workflowId": "deleted-workflow", "eventTypes": ["com.globex.ping"]}
        """);
    String stored =
        send("globex", event(UUID.randomUUID().toString(), "com.globex.ping", "p-1", 1));
    String runId =
        JsonPath.read(
            get("globex", "/api/v1/events/" + stored).getResponse().getContentAsString(),
            "$.triggered[0].runId");

    publishRefusal(
        "globex",
        new RunStartRefused(
            runId,
            "deleted-workflow",
            "trg",
            stored,
            "WORKFLOW_NOT_FOUND",
            "Workflow 'deleted-workflow' does not exist",
            Instant.now()));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("globex", "/api/v1/events/" + stored))
                    .bodyJson()
                    .extractingPath("$.triggered[0].outcome")
                    .isEqualTo("refused"));
    assertThat(get("globex", "/api/v1/events/" + stored))
        .bodyJson()
        .extractingPath("$.triggered[0].reason")
        .asString()
        .startsWith("WORKFLOW_NOT_FOUND: ");
  }

  @Test
  void badTriggersAreRefusedNamingTheFieldAndOtherTenantsSeeNothing() throws Exception {
    MvcTestResult refused =
        post(
            "hooli",
            "/api/v1/triggers",
            """
            {"name": "", "eventTypes": ["bad type!"], "filter": "event.data.total >",
             "businessKey": "1 + 2"}
            """);
    assertThat(refused).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("name", "workflowId", "eventTypes[0]", "filter", "businessKey");

    String id =
        createTrigger(
            "hooli", "{\"name\": \"n\", \"workflowId\": \"w\", \"eventTypes\": [\"com.hooli.*\"]}");
    assertThat(get("piedpiper", "/api/v1/triggers/" + id)).hasStatus(404);
    assertThat(
            mvc.put()
                .uri("/api/v1/triggers/" + id)
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, "piedpiper")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"n\", \"workflowId\": \"w\", \"eventTypes\": [\"*\"]}")
                .exchange())
        .hasStatus(404);
    assertThat(
            mvc.delete()
                .uri("/api/v1/triggers/" + id)
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, "piedpiper")
                .exchange())
        .hasStatus(404);
    assertThat(get("piedpiper", "/api/v1/triggers"))
        .bodyJson()
        .extractingPath("$.items")
        .asArray()
        .isEmpty();

    MvcTestResult replaced =
        mvc.put()
            .uri("/api/v1/triggers/" + id)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, "hooli")
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                "{\"name\": \"n2\", \"workflowId\": \"w\", \"eventTypes\": [\"*\"], \"enabled\": false}")
            .exchange();
    assertThat(replaced).bodyJson().extractingPath("$.enabled").isEqualTo(false);
    String stored = send("hooli", event(UUID.randomUUID().toString(), "com.hooli.x", "h", 1));
    assertThat(get("hooli", "/api/v1/events/" + stored))
        .bodyJson()
        .extractingPath("$.triggered")
        .asArray()
        .isEmpty();
  }

  private String createTrigger(String tenant, String body) throws Exception {
    MvcTestResult created = post(tenant, "/api/v1/triggers", body);
    assertThat(created).hasStatus(201);
    return JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }

  private String send(String tenant, String event) throws Exception {
    MvcTestResult sent =
        mvc.post()
            .uri("/api/v1/events")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .contentType("application/cloudevents+json")
            .content(event)
            .exchange();
    assertThat(sent).hasStatus(202);
    return JsonPath.read(sent.getResponse().getContentAsString(), "$.events[0].id");
  }

  private static String event(String id, String type, String orderId, int total) {
    return """
        {"specversion": "1.0", "id": "%s", "source": "/shop", "type": "%s",
         "data": {"orderId": "%s", "total": %d}}
        """
        .formatted(id, type, orderId, total);
  }

  private MvcTestResult post(String tenant, String uri, String body) {
    return mvc.post()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }

  private void publishRefusal(String tenant, RunStartRefused refused) {
    RunEventsOnKafka.publish(
        tenant, EventTypes.RUN_START_REFUSED, refused.runId(), json.writeValueAsBytes(refused));
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "triggers-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
