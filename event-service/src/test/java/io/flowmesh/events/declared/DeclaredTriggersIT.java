package io.flowmesh.events.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.model.workflow.WorkflowDeleted;
import io.flowmesh.model.workflow.WorkflowSaved;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Declared triggers on a real PostgreSQL and Kafka: each saved version's trigger node replaces the
 * workflow's declared trigger or schedule, an older version redelivered changes nothing, a declared
 * one cannot be changed through the API, a hook trigger listens to its hook only, and a deleted
 * workflow's declaration goes.
 */
@SpringBootTest(properties = "flowmesh.edge.gateway-token=" + DeclaredTriggersIT.GATEWAY_TOKEN)
@AutoConfigureMockMvc
class DeclaredTriggersIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "eventdeclared");
    registry.add("flowmesh.events.consumer-group", () -> "event-service-declared-it");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  @Test
  void eachVersionsTriggerNodeReplacesTheWorkflowsDeclaredTriggerOrSchedule() throws Exception {
    saved(
        "declco",
        new WorkflowSaved(
            "orders",
            1,
            "event",
            Map.of("eventTypes", List.of("com.declco.order.*"), "filter", "event.data.total > 5")));
    String trigger = awaitValue(() -> declaredTrigger("declco", "orders"));
    MvcTestResult view = get("declco", "/api/v1/triggers/" + trigger);
    assertThat(view).bodyJson().extractingPath("$.declaredVersion").isEqualTo(1);
    assertThat(view).bodyJson().extractingPath("$.eventTypes[0]").isEqualTo("com.declco.order.*");

    // it is the workflow's: the API cannot change or delete it
    MvcTestResult refused =
        mvc.put()
            .uri("/api/v1/triggers/" + trigger)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, "declco")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"x\", \"workflowId\": \"orders\", \"eventTypes\": [\"*\"]}")
            .exchange();
    assertThat(refused).hasStatus(409);
    assertThat(refused).bodyJson().extractingPath("$.detail").asString().contains("version 1");
    assertThat(
            mvc.delete()
                .uri("/api/v1/triggers/" + trigger)
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, "declco")
                .exchange())
        .hasStatus(409);

    // version 2 starts on a schedule (the Workflow Builder's fields, read by the orchestrator)
    saved(
        "declco",
        new WorkflowSaved(
            "orders", 2, "schedule", Map.of("cron", "0 9 * * *", "timeZone", "Europe/Berlin")));
    await().atMost(Duration.ofSeconds(30)).until(() -> declaredSchedules("declco", "orders") == 1);
    assertThat(declaredTrigger("declco", "orders")).isNull();

    // version 1 again (a redelivery): once it is consumed, the schedule of version 2 is still there
    String schedule = declaredSchedule("declco", "orders");
    RecordMetadata stale =
        saved(
            "declco",
            new WorkflowSaved("orders", 1, "event", Map.of("eventTypes", List.of("com.declco.x"))));
    awaitConsumed(stale);
    assertThat(declaredSchedule("declco", "orders")).isEqualTo(schedule);
    assertThat(declaredTrigger("declco", "orders")).isNull();

    saved("declco", new WorkflowSaved("orders", 3, "manual", Map.of()));
    await().atMost(Duration.ofSeconds(30)).until(() -> declaredSchedules("declco", "orders") == 0);
    assertThat(declaredTrigger("declco", "orders")).isNull();
  }

  @Test
  void aWebhookTriggerListensToItsHookAndAnUnknownHookIsRecordedAsAProblem() throws Exception {
    MvcTestResult hook =
        mvc.post()
            .uri("/api/v1/hooks")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, "hookdecl")
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                "{\"name\": \"gh\", \"eventType\": \"com.github.push\","
                    + " \"verification\": {\"scheme\": \"bearer\"}}")
            .exchange();
    String hookId = JsonPath.read(hook.getResponse().getContentAsString(), "$.id");

    saved("hookdecl", new WorkflowSaved("deploy", 1, "webhook", Map.of("hookId", hookId)));
    String trigger = awaitValue(() -> declaredTrigger("hookdecl", "deploy"));
    MvcTestResult view = get("hookdecl", "/api/v1/triggers/" + trigger);
    assertThat(view).bodyJson().extractingPath("$.eventTypes[0]").isEqualTo("com.github.push");
    assertThat(view)
        .bodyJson()
        .extractingPath("$.filter")
        .isEqualTo("event.source == '/hooks/" + hookId + "'");

    saved("hookdecl", new WorkflowSaved("deploy", 2, "webhook", Map.of("hookId", "hook_none")));
    await().atMost(Duration.ofSeconds(30)).until(() -> problem("hookdecl", "deploy") != null);
    assertThat(problem("hookdecl", "deploy")).contains("hook_none");
    assertThat(declaredTrigger("hookdecl", "deploy")).isNull();

    saved("hookdecl", new WorkflowSaved("deploy", 3, "webhook", Map.of("hookId", hookId)));
    awaitValue(() -> declaredTrigger("hookdecl", "deploy"));
    publish("hookdecl", EventTypes.WORKFLOW_DELETED, "deploy", new WorkflowDeleted("deploy"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> declaredTrigger("hookdecl", "deploy") == null);
  }

  private String declaredTrigger(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT id FROM triggers WHERE tenant = :t AND workflow_id = :w"
                + " AND declared_version IS NOT NULL")
        .param("t", tenant)
        .param("w", workflowId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private String declaredSchedule(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT id FROM schedules WHERE tenant = :t AND workflow_id = :w"
                + " AND declared_version IS NOT NULL")
        .param("t", tenant)
        .param("w", workflowId)
        .query(String.class)
        .single();
  }

  /** Waits until the declarations' consumer group has committed past the record. */
  private static void awaitConsumed(RecordMetadata record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Properties config = new Properties();
    config.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    try (Admin admin = Admin.create(config)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                OffsetAndMetadata committed =
                    admin
                        .listConsumerGroupOffsets("event-service-declared-it-declarations")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > record.offset();
              });
    }
  }

  private long declaredSchedules(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT count(*) FROM schedules WHERE tenant = :t AND workflow_id = :w"
                + " AND declared_version IS NOT NULL")
        .param("t", tenant)
        .param("w", workflowId)
        .query(Long.class)
        .single();
  }

  private String problem(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT problem FROM workflow_declarations WHERE tenant = :t AND workflow_id = :w")
        .param("t", tenant)
        .param("w", workflowId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private static String awaitValue(Callable<String> value) {
    String[] found = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              found[0] = value.call();
              return found[0] != null;
            });
    return found[0];
  }

  private RecordMetadata saved(String tenant, WorkflowSaved saved) {
    return publish(tenant, EventTypes.WORKFLOW_SAVED, saved.workflowId(), saved);
  }

  private RecordMetadata publish(String tenant, String type, String workflowId, Object data) {
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
              .withSubject(workflowId)
              .withExtension("tenant", tenant)
              .withDataContentType("application/json")
              .withData(json.writeValueAsBytes(data))
              .build();
      return producer
          .send(
              KafkaMessageFactory.createWriter(Topics.WORKFLOW_EVENTS, workflowId)
                  .writeBinary(event))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }
}
