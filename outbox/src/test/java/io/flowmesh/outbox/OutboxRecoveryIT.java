package io.flowmesh.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crashes around the relay. The application here runs with its relay disabled, which is what a
 * relay killed after the writers' commit looks like to the database: committed rows nobody
 * published. Relays are then started (a restarted application) or driven batch by batch.
 */
@SpringBootTest(
    classes = OutboxTestApplication.class,
    properties = "flowmesh.outbox.relay-enabled=false")
class OutboxRecoveryIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "outbox_recovery");
  }

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcTemplate jdbc;
  @Autowired JsonMapper json;
  @Autowired Producer<String, byte[]> outboxProducer;
  @Autowired OutboxProperties properties;
  @Autowired Environment environment;

  @BeforeEach
  @AfterEach
  void emptyOutbox() {
    jdbc.update("DELETE FROM outbox");
    OutboxTestApplication.TRACEPARENT.remove();
  }

  @Test
  void rowsCommittedWhileNoRelayRunsArePublishedInOrderByARestartedApplication() {
    try (KafkaProbe probe = probe("restart")) {
      int keys = 30;
      int perKey = 10;
      for (int n = 1; n <= perKey; n++) {
        long seq = n;
        transactions.executeWithoutResult(
            status -> {
              List<OutboxMessage> batch = new ArrayList<>();
              for (int k = 0; k < keys; k++) {
                batch.add(message(probe.topic(), "key-" + k, seq));
              }
              outbox.appendAll(batch);
            });
      }
      int committed = keys * perKey;
      assertThat(pendingRows()).isEqualTo(committed);
      probe.assertDuring(Duration.ofSeconds(1), List::isEmpty);

      try (ConfigurableApplicationContext restarted = startApplicationWithRelay()) {
        List<ConsumerRecord<String, byte[]>> received =
            probe.awaitRecords(DEADLINE, records -> TestEvents.distinctIds(records) >= committed);
        Map<String, List<Long>> perKeySeen = TestEvents.sequencesPerKey(received, json);
        assertThat(perKeySeen).hasSize(keys);
        perKeySeen.forEach(
            (key, seen) ->
                assertThat(seen).as(key).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
        await().atMost(DEADLINE).until(() -> pendingRows() == 0);
      }
    }
  }

  @Test
  void batchIsKeptWhenKafkaCannotBeReached() throws Exception {
    try (KafkaProbe probe = probe("unreachable")) {
      commit(message(probe.topic(), "a", 1), message(probe.topic(), "b", 1));
      try (Producer<String, byte[]> unreachable = producerFor("127.0.0.1:" + closedPort())) {
        OutboxRelay relay = relay(unreachable, Duration.ofSeconds(5));
        assertThatThrownBy(relay::relayOnce)
            .hasMessageContaining("Kafka did not acknowledge the outbox batch");
      }
      assertThat(pendingRows()).isEqualTo(2);

      assertThat(relay(outboxProducer, properties.sendTimeout()).relayOnce()).isEqualTo(2);
      assertThat(pendingRows()).isZero();
      probe.awaitRecords(DEADLINE, records -> records.size() == 2);
    }
  }

  @Test
  void batchWithARecordKafkaRejectsIsKeptWholeAndItsSentRecordsAreSentAgain() {
    try (KafkaProbe probe = probe("rejected")) {
      commit(message(probe.topic(), "good", 1));
      commit(message("not a valid topic!", "bad", 1));
      OutboxRelay relay = relay(outboxProducer, properties.sendTimeout());

      assertThatThrownBy(relay::relayOnce)
          .hasMessageContaining("Kafka did not acknowledge the outbox batch");
      // The good record was acknowledged, but its row is only deleted with the whole batch.
      assertThat(pendingRows()).isEqualTo(2);
      probe.awaitRecords(DEADLINE, records -> records.size() == 1);

      // An operator removes the poison row; the next batch sends the good record once more.
      jdbc.update("DELETE FROM outbox WHERE message_key = 'bad'");
      assertThat(relay.relayOnce()).isEqualTo(1);
      List<ConsumerRecord<String, byte[]>> received =
          probe.awaitRecords(DEADLINE, records -> records.size() == 2);
      assertThat(received)
          .extracting(record -> CloudEventRecords.read(record).id())
          .as("a redelivery carries the same event id, which consumers dedupe on")
          .containsOnly(CloudEventRecords.read(received.getFirst()).id());
      assertThat(pendingRows()).isZero();
    }
  }

  @Test
  void aBatchKafkaKeepsRefusingIsRetriedWithBackoffNotOnEveryCommit() {
    try (KafkaProbe probe = probe("backoff")) {
      commit(message(probe.topic(), "good", 1));
      commit(message("not a valid topic!", "poison", 1));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      OutboxRelay relay =
          new OutboxRelay(
              jdbc,
              transactions,
              outboxProducer,
              new OutboxProperties(
                  true,
                  "/flowmesh/outbox-it",
                  1000,
                  Duration.ofMillis(200),
                  Duration.ofSeconds(10)),
              meters);
      Outbox waking = new Outbox(jdbc, json, TraceparentSource.NONE, relay::wake);
      relay.start();
      try {
        // Twenty commits over two seconds, each waking the relay (load, not synchronisation).
        for (int i = 0; i < 20; i++) {
          long n = i;
          transactions.executeWithoutResult(
              status -> waking.append(message(probe.topic(), "other", n)));
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
      } finally {
        relay.stop();
      }
      assertThat(relay.isRunning()).isFalse();

      long attempts = (long) meters.get("flowmesh.outbox.failures").counter().count();
      List<ConsumerRecord<String, byte[]>> received = probe.poll();
      long goodCopies = received.stream().filter(r -> r.key().equals("good")).count();
      // Backoff from 200 ms: about 4 attempts in 2 s, plus one on stop; one per commit would be
      // 20+.
      assertThat(attempts).isBetween(2L, 8L);
      assertThat(goodCopies).isLessThanOrEqualTo(attempts + 1);
      assertThat(pendingRows()).as("nothing deleted while the batch fails").isEqualTo(22);
    }
  }

  @Test
  void cloudEventAttributesRoundTripFromOutboxRowToInboundEvent() {
    try (KafkaProbe probe = probe("roundtrip")) {
      String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
      OutboxTestApplication.TRACEPARENT.set(traceparent);
      TestPayload data = new TestPayload("run_1", 7, "zürich \"quoted\"");
      Instant before = Instant.now();
      commit(
          new OutboxMessage(
              probe.topic(), "run_1", "io.flowmesh.run.started", "run_1", "tenant-x", data));
      String otherRequest = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
      commit(
          new OutboxMessage(
                  probe.topic(), "run_3", "io.flowmesh.run.started", "run_3", "tenant-x", data)
              .withTraceparent(otherRequest));
      OutboxTestApplication.TRACEPARENT.remove();
      commit(
          new OutboxMessage(
              probe.topic(), "run_2", "io.flowmesh.run.started", null, "tenant-y", data));
      Map<String, Map<String, Object>> rows = new HashMap<>();
      jdbc.query(
          "SELECT message_key, event_id, occurred_at FROM outbox",
          rs -> {
            rows.put(
                rs.getString(1),
                Map.of("id", rs.getObject(2, UUID.class), "at", rs.getTimestamp(3).toInstant()));
          });

      assertThat(relay(outboxProducer, properties.sendTimeout()).relayOnce()).isEqualTo(3);
      List<ConsumerRecord<String, byte[]>> received =
          probe.awaitRecords(DEADLINE, records -> records.size() == 3);
      Map<String, InboundEvent> events = new HashMap<>();
      received.forEach(record -> events.put(record.key(), CloudEventRecords.read(record)));

      InboundEvent traced = events.get("run_1");
      assertThat(traced.id()).isEqualTo(rows.get("run_1").get("id").toString());
      assertThat(CloudEventRecords.eventUuid(traced)).isEqualTo(rows.get("run_1").get("id"));
      assertThat(traced.type()).isEqualTo("io.flowmesh.run.started");
      assertThat(traced.source()).isEqualTo("/flowmesh/outbox-it");
      assertThat(traced.subject()).isEqualTo("run_1");
      assertThat(traced.tenant()).isEqualTo("tenant-x");
      assertThat(traced.traceparent()).isEqualTo(traceparent);
      assertThat(traced.key()).isEqualTo("run_1");
      assertThat(traced.time().toInstant())
          .isEqualTo(rows.get("run_1").get("at"))
          .isBetween(before.minusMillis(1), Instant.now());
      assertThat(json.readValue(traced.data(), TestPayload.class)).isEqualTo(data);
      ConsumerRecord<String, byte[]> tracedRecord =
          received.stream().filter(r -> r.key().equals("run_1")).findFirst().orElseThrow();
      assertThat(new String(tracedRecord.headers().lastHeader("traceparent").value()))
          .as("plain W3C header for Kafka client instrumentation")
          .isEqualTo(traceparent);

      assertThat(events.get("run_3").traceparent())
          .as("a message's own trace context wins over the appending thread's")
          .isEqualTo(otherRequest);

      InboundEvent untraced = events.get("run_2");
      assertThat(untraced.subject()).isNull();
      assertThat(untraced.traceparent()).isNull();
      assertThat(untraced.tenant()).isEqualTo("tenant-y");
      assertThat(untraced.id()).isEqualTo(rows.get("run_2").get("id").toString());
      assertThat(json.readValue(untraced.data(), TestPayload.class)).isEqualTo(data);
    }
  }

  /**
   * Ids are drawn at insert, so a transaction can commit a lower id after a higher one was
   * published. The relay reads from a floor (RelayFloor) to skip the index entries of what it
   * deleted; the floor must not pass the open transaction's id, and its row must still come before
   * the next row of its key.
   */
  @Test
  void aRowCommittedAfterAHigherIdWasPublishedIsStillPublishedInItsKeysOrder() throws Exception {
    try (KafkaProbe probe = probe("late-commit")) {
      CountDownLatch inserted = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> lateWriter =
          CompletableFuture.runAsync(
              () ->
                  transactions.executeWithoutResult(
                      status -> {
                        outbox.append(message(probe.topic(), "late", 1));
                        inserted.countDown();
                        awaitLatch(release);
                      }));
      awaitLatch(inserted);
      commit(message(probe.topic(), "early", 1));
      long highest = jdbc.queryForObject("SELECT max(id) FROM outbox", Long.class);
      OutboxRelay relay = relay(outboxProducer, properties.sendTimeout());
      int published = 0;
      for (int batch = 0; batch < 5; batch++) {
        published += relay.relayOnce();
      }
      assertThat(published).as("only the committed row").isEqualTo(1);
      assertThat(relay.floor())
          .as("the floor stays below the id the open transaction holds")
          .isLessThan(highest - 1);

      release.countDown();
      lateWriter.get(10, TimeUnit.SECONDS);
      commit(message(probe.topic(), "late", 2));
      for (int batch = 0; batch < 5; batch++) {
        relay.relayOnce();
      }
      assertThat(pendingRows()).isZero();
      long last = jdbc.queryForObject("SELECT pg_sequence_last_value('outbox_id_seq')", Long.class);
      assertThat(relay.floor())
          .as("with nothing in flight the floor reaches the last id drawn")
          .isEqualTo(last);
      List<ConsumerRecord<String, byte[]>> received =
          probe.awaitRecords(DEADLINE, records -> TestEvents.distinctIds(records) >= 3);
      assertThat(TestEvents.sequencesPerKey(received, json))
          .containsEntry("late", List.of(1L, 2L))
          .containsEntry("early", List.of(1L));
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out waiting for the other transaction");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private ConfigurableApplicationContext startApplicationWithRelay() {
    Map<String, Object> settings = new LinkedHashMap<>();
    for (String name :
        List.of(
            "spring.datasource.url",
            "spring.datasource.username",
            "spring.datasource.password",
            "spring.kafka.bootstrap-servers")) {
      settings.put(name, environment.getRequiredProperty(name));
    }
    settings.put("flowmesh.outbox.relay-enabled", "true");
    return new SpringApplicationBuilder(OutboxTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties(settings)
        .run();
  }

  private OutboxRelay relay(Producer<String, byte[]> producer, Duration sendTimeout) {
    OutboxProperties settings =
        new OutboxProperties(
            false,
            properties
                .withDefaultSource(environment.getProperty("spring.application.name"))
                .source(),
            properties.batchSize(),
            properties.pollInterval(),
            sendTimeout);
    return new OutboxRelay(jdbc, transactions, producer, settings, new SimpleMeterRegistry());
  }

  private static Producer<String, byte[]> producerFor(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            1000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            1000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            2000));
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void commit(OutboxMessage... messages) {
    transactions.executeWithoutResult(status -> outbox.appendAll(List.of(messages)));
  }

  private KafkaProbe probe(String name) {
    return KafkaProbe.onNewTopic(TestInfrastructure.kafkaBootstrapServers(), "outbox-it." + name);
  }

  private static OutboxMessage message(String topic, String key, long n) {
    return new OutboxMessage(
        topic, key, "io.flowmesh.test.happened", key, "tenant-a", new TestPayload(key, n, null));
  }

  private int pendingRows() {
    return jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class);
  }
}
