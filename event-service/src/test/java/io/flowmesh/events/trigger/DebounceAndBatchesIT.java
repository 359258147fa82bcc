package io.flowmesh.events.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.events.testing.EventServiceApi;
import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.testinfra.TestInfrastructure;
import java.time.Duration;
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
import org.junit.jupiter.api.BeforeEach;
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
 * Debounce and batches on a real PostgreSQL and Kafka: the last event of a key's quiet period
 * starts the one run and the earlier ones say which event superseded them; a batch starts one run
 * when it is full, in the transaction of its last event, or when its time is up, with every event's
 * input; each gathered event's evaluation names its run.
 */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + DebounceAndBatchesIT.GATEWAY_TOKEN,
      "flowmesh.events.triggers.gather-poll-interval=100ms"
    })
@AutoConfigureMockMvc
class DebounceAndBatchesIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "eventgathering");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;

  private EventServiceApi api;

  @BeforeEach
  void api() {
    api = new EventServiceApi(mvc, GATEWAY_TOKEN);
  }

  @Test
  void theLastEventOfAQuietPeriodStartsTheOneRunOfItsKey() throws Exception {
    String trigger =
        api.createTrigger(
            "quietco",
            """
            {"name": "settled", "workflowId": "sync", "eventTypes": ["com.quietco.changed"],
             "debounce": {"period": "PT1S", "key": "event.data.customer"},
             "input": "{'customer': event.data.customer, 'version': event.data.version}"}
            """);
    List<String> c1 = new ArrayList<>();
    for (int version = 1; version <= 3; version++) {
      c1.add(
          api.send(
              "quietco",
              EventServiceApi.event(
                  "com.quietco.changed", "{\"customer\": \"c1\", \"version\": " + version + "}")));
    }
    String c2 =
        api.send(
            "quietco",
            EventServiceApi.event("com.quietco.changed", "{\"customer\": \"c2\", \"version\": 1}"));
    assertThat(outcome("quietco", c1.getLast())).isEqualTo("debounced");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> outcome("quietco", c1.getLast()).equals("started"));
    await().atMost(Duration.ofSeconds(30)).until(() -> outcome("quietco", c2).equals("started"));
    for (String superseded : c1.subList(0, 2)) {
      assertThat(outcome("quietco", superseded)).isEqualTo("debounced");
      assertThat(reason("quietco", superseded)).startsWith("superseded by evt_");
    }
    List<RunStartRequested> starts = startRequests(trigger, 2);
    assertThat(starts).hasSize(2);
    assertThat(starts.stream().map(RunStartRequested::input))
        .containsExactlyInAnyOrder(
            Map.of("customer", "c1", "version", 3), Map.of("customer", "c2", "version", 1));
  }

  @Test
  void aBatchStartsOneRunWhenFullOrWhenItsTimeIsUp() throws Exception {
    String trigger =
        api.createTrigger(
            "batchco",
            """
            {"name": "in threes", "workflowId": "bulk", "eventTypes": ["com.batchco.item"],
             "batch": {"maxEvents": 3, "maxWait": "PT1S"}, "input": "event.data.n"}
            """);
    List<String> full = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      full.add(
          api.send("batchco", EventServiceApi.event("com.batchco.item", "{\"n\": " + n + "}")));
    }
    // full with its third event: started in that event's transaction
    String fullRun = run("batchco", full.getLast());
    assertThat(fullRun).startsWith("run_");
    for (String event : full) {
      assertThat(outcome("batchco", event)).isEqualTo("batched");
      assertThat(run("batchco", event)).isEqualTo(fullRun);
    }

    String fourth = api.send("batchco", EventServiceApi.event("com.batchco.item", "{\"n\": 4}"));
    String fifth = api.send("batchco", EventServiceApi.event("com.batchco.item", "{\"n\": 5}"));
    await().atMost(Duration.ofSeconds(30)).until(() -> run("batchco", fifth) != null);
    assertThat(run("batchco", fourth)).isEqualTo(run("batchco", fifth)).isNotEqualTo(fullRun);

    List<RunStartRequested> starts = startRequests(trigger, 2);
    assertThat(starts.stream().map(RunStartRequested::input))
        .containsExactlyInAnyOrder(
            Map.of("events", List.of(1, 2, 3)), Map.of("events", List.of(4, 5)));
  }

  @Test
  void debounceAndBatchAreCheckedOnSave() {
    MvcTestResult bad =
        api.post(
            "badco",
            "/api/v1/triggers",
            """
            {"name": "x", "workflowId": "w", "eventTypes": ["*"],
             "debounce": {"period": "soon"}, "batch": {"maxEvents": 1, "maxWait": "PT48H", "key": "event.("}}
            """);
    assertThat(bad).hasStatus(400);
    assertThat(bad)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder(
            "batch", "debounce.period", "batch.maxEvents", "batch.maxWait", "batch.key");
  }

  private String outcome(String tenant, String eventId) throws Exception {
    return JsonPath.read(detail(tenant, eventId), "$.triggered[0].outcome");
  }

  private String reason(String tenant, String eventId) throws Exception {
    return JsonPath.read(detail(tenant, eventId), "$.triggered[0].reason");
  }

  private String run(String tenant, String eventId) throws Exception {
    return JsonPath.read(detail(tenant, eventId), "$.triggered[0].runId");
  }

  private String detail(String tenant, String eventId) {
    return EventServiceApi.body(api.get(tenant, "/api/v1/events/" + eventId));
  }

  /** The trigger's start requests on Kafka, once {@code expected} of them came. */
  private List<RunStartRequested> startRequests(String triggerId, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "gathering-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<RunStartRequested> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(Topics.RUN_START_REQUESTS));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  RunStartRequested request =
                      json.readValue(CloudEventRecords.read(r).data(), RunStartRequested.class);
                  if (triggerId.equals(request.triggerId())) {
                    seen.add(request);
                  }
                }
                return seen.size() >= expected;
              });
    }
    return seen;
  }
}
