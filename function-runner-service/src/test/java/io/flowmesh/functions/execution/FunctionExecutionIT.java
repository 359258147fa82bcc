package io.flowmesh.functions.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.testinfra.TopicReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Function requests go in as CloudEvents on the requests topic (published by the outbox library, as
 * the orchestrator does) and come out as results on the results topic.
 */
class FunctionExecutionIT extends IntegrationTestBase {

  private static final String TENANT = "acme";

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  private TopicReader resultTopic;

  @BeforeEach
  void openReader() {
    resultTopic = TopicReader.fromBeginning(Topics.FUNCTION_RESULTS);
  }

  @AfterEach
  void closeReader() {
    resultTopic.close();
  }

  @Test
  void echoReturnsItsInputAsOutputExactlyOnce() {
    String runId = UuidV7.prefixed("run");
    Map<String, Object> input =
        Map.of("greeting", "hello", "count", 3, "nested", Map.of("list", List.of(1, 2)));
    FunctionRequested echo = call(runId, "core/echo", input);

    send(TENANT, echo);

    List<InboundEvent> results = resultsAfterMarker(TENANT, runId, echo);
    List<InboundEvent> ofEcho = of(results, echo);
    assertThat(ofEcho).hasSize(1);
    InboundEvent event = ofEcho.getFirst();
    assertThat(event.type()).isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
    assertThat(event.tenant()).isEqualTo(TENANT);
    assertThat(event.key()).isEqualTo(runId);
    // No order among a run's results: its executions run concurrently (ADR 0009).
    FunctionSucceeded succeeded = json.readValue(event.data(), FunctionSucceeded.class);
    assertThat(succeeded.output()).isEqualTo(input);
    assertThat(succeeded.executionId()).isEqualTo(echo.executionId());
    assertThat(succeeded.nodeId()).isEqualTo("n1");
    assertThat(succeeded.attempt()).isEqualTo(1);
    assertThat(status(echo)).isEqualTo("SUCCEEDED");
  }

  @Test
  void noopReturnsAnEmptyObject() {
    String runId = UuidV7.prefixed("run");
    FunctionRequested noop = call(runId, "core/noop", Map.of("ignored", true));

    send(TENANT, noop);

    InboundEvent event = of(resultsAfterMarker(TENANT, runId, noop), noop).getFirst();
    assertThat(json.readValue(event.data(), FunctionSucceeded.class).output()).isEqualTo(Map.of());
  }

  @Test
  void requestDeliveredTwiceInOnePollIsExecutedAndAnsweredOnce() {
    String runId = UuidV7.prefixed("run");
    FunctionRequested echo = call(runId, "core/echo", "twice");

    send(TENANT, echo, echo);

    assertThat(of(resultsAfterMarker(TENANT, runId, echo), echo)).hasSize(1);
    assertThat(executionRows(echo)).isEqualTo(1);
  }

  @Test
  void requestRedeliveredLaterIsNotAnsweredAgain() {
    String runId = UuidV7.prefixed("run");
    FunctionRequested echo = call(runId, "core/echo", "again");
    send(TENANT, echo);
    resultTopic.awaitRecords(
        e -> runId.equals(e.subject()) && isResultOf(e, echo), 1, Duration.ofSeconds(60));

    send(TENANT, echo);

    assertThat(of(resultsAfterMarker(TENANT, runId, echo), echo)).hasSize(1);
    assertThat(executionRows(echo)).isEqualTo(1);
  }

  @Test
  void unknownFunctionFailsWithFunctionNotFound() {
    String runId = UuidV7.prefixed("run");
    FunctionRequested unknown = call(runId, "nope/missing", Map.of());

    send(TENANT, unknown);

    FunctionFailed failed = failure(of(resultsAfterMarker(TENANT, runId, unknown), unknown));
    assertThat(failed.error().code()).isEqualTo("FUNCTION_NOT_FOUND");
    assertThat(failed.error().retryable()).isFalse();
    assertThat(failed.error().message()).contains("nope/missing");
    assertThat(status(unknown)).isEqualTo("FAILED");
  }

  @Test
  void disabledFunctionFailsWithFunctionNotFound() {
    register(TENANT, "acme/disabled", false);
    String runId = UuidV7.prefixed("run");
    FunctionRequested disabled = call(runId, "acme/disabled", null);

    send(TENANT, disabled);

    assertThat(failure(of(resultsAfterMarker(TENANT, runId, disabled), disabled)).error().code())
        .isEqualTo("FUNCTION_NOT_FOUND");
  }

  @Test
  void anotherTenantsFunctionIsNotFound() {
    register("globex", "globex/private", true);
    String acmeRun = UuidV7.prefixed("run");
    String globexRun = UuidV7.prefixed("run");
    FunctionRequested byAcme = call(acmeRun, "globex/private", null);
    FunctionRequested byGlobex = call(globexRun, "globex/private", null);

    send(TENANT, byAcme);
    send("globex", byGlobex);

    assertThat(failure(of(resultsAfterMarker(TENANT, acmeRun, byAcme), byAcme)).error().code())
        .isEqualTo("FUNCTION_NOT_FOUND");
    // Visible to its owner; it has no builtin implementation, so it cannot run.
    assertThat(
            failure(of(resultsAfterMarker("globex", globexRun, byGlobex), byGlobex)).error().code())
        .isEqualTo("FUNCTION_UNAVAILABLE");
  }

  @Test
  void unreadableRecordsAreSkippedWithoutBlockingTheirPartition() throws Exception {
    String runId = UuidV7.prefixed("run");
    try (var producer = rawProducer()) {
      producer
          .send(new ProducerRecord<>(Topics.FUNCTION_REQUESTS, runId, bytes("not a CloudEvent")))
          .get();
      var malformedData =
          CloudEventBuilder.v1()
              .withId(UuidV7.next().toString())
              .withSource(URI.create("/test"))
              .withType(EventTypes.FUNCTION_REQUESTED)
              .withExtension("tenant", TENANT)
              .withData("application/json", bytes("{\"executionId\": "))
              .build();
      producer
          .send(
              KafkaMessageFactory.createWriter(Topics.FUNCTION_REQUESTS, runId)
                  .writeBinary(malformedData))
          .get();
    }
    FunctionRequested echo = call(runId, "core/echo", "after the garbage");

    send(TENANT, echo);

    assertThat(of(resultsAfterMarker(TENANT, runId, echo), echo)).hasSize(1);
  }

  @Test
  void requestPostgresCannotStoreFailsAloneAndIsAnswered() {
    String runId = UuidV7.prefixed("run");
    // JSONB refuses \u0000, so this output cannot be stored; its poll-mate must not suffer.
    FunctionRequested unstorable = call(runId, "core/echo", Map.of("text", "a\u0000b"));
    FunctionRequested fine = call(runId, "core/echo", "fine");

    send(TENANT, unstorable, fine);

    List<InboundEvent> results = resultsAfterMarker(TENANT, runId, unstorable, fine);
    FunctionFailed failed = failure(of(results, unstorable));
    assertThat(failed.error().code()).isEqualTo("EXECUTION_NOT_RECORDABLE");
    assertThat(failed.error().retryable()).isFalse();
    assertThat(of(results, fine))
        .singleElement()
        .extracting(InboundEvent::type)
        .isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
    assertThat(status(unstorable)).isEqualTo("FAILED");
  }

  private static FunctionRequested call(String runId, String function, Object input) {
    return new FunctionRequested(UuidV7.prefixed("exe"), runId, "n1", 1, function, input, 0);
  }

  private void send(String tenant, FunctionRequested... requests) {
    transactions.executeWithoutResult(
        status ->
            outbox.appendAll(
                Arrays.stream(requests)
                    .map(
                        r ->
                            new OutboxMessage(
                                Topics.FUNCTION_REQUESTS,
                                r.runId(),
                                EventTypes.FUNCTION_REQUESTED,
                                r.runId(),
                                tenant,
                                r))
                    .toList()));
  }

  /**
   * Sends a {@code core/noop} request for the run and waits for its result and those of the
   * expected requests. Requests of one run share a key, hence a partition, so a request sent before
   * the marker is executed no later than the marker's poll: by then the results list is complete.
   */
  private List<InboundEvent> resultsAfterMarker(
      String tenant, String runId, FunctionRequested... expected) {
    FunctionRequested marker = call(runId, "core/noop", null);
    send(tenant, marker);
    // A poll's executions run concurrently, so the marker may be answered before requests sent
    // earlier; wait for those too. A duplicate answer would come with or before the marker's.
    return await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> resultTopic.poll().stream().filter(e -> runId.equals(e.subject())).toList(),
            results ->
                !of(results, marker).isEmpty()
                    && Arrays.stream(expected).noneMatch(r -> of(results, r).isEmpty()));
  }

  private List<InboundEvent> of(List<InboundEvent> results, FunctionRequested request) {
    return results.stream().filter(e -> isResultOf(e, request)).toList();
  }

  private boolean isResultOf(InboundEvent result, FunctionRequested request) {
    return request
        .executionId()
        .equals(json.readTree(result.data()).path("executionId").asString());
  }

  private FunctionFailed failure(List<InboundEvent> results) {
    assertThat(results).hasSize(1);
    assertThat(results.getFirst().type()).isEqualTo(EventTypes.FUNCTION_FAILED);
    return json.readValue(results.getFirst().data(), FunctionFailed.class);
  }

  private String status(FunctionRequested request) {
    return jdbc.sql("SELECT status FROM executions WHERE tenant = ? AND execution_id = ?")
        .params(TENANT, request.executionId())
        .query(String.class)
        .single();
  }

  private long executionRows(FunctionRequested request) {
    return jdbc.sql("SELECT count(*) FROM executions WHERE execution_id = ?")
        .param(request.executionId())
        .query(Long.class)
        .single();
  }

  private void register(String tenant, String slug, boolean enabled) {
    jdbc.sql(
            "INSERT INTO functions (tenant, slug, name, plugin_id, is_enabled)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .params(tenant, slug, slug, slug.substring(0, slug.indexOf('/')), enabled)
        .update();
  }

  private static KafkaProducer<String, byte[]> rawProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
