package io.flowmesh.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.testinfra.TestSeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The outbox with its relay running, as every publishing service uses it. */
@SpringBootTest(classes = OutboxTestApplication.class)
@ExtendWith(TestSeed.class)
class OutboxRelayIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "outbox_relay");
  }

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcTemplate jdbc;
  @Autowired JsonMapper json;

  @BeforeEach
  void emptyOutbox() {
    jdbc.update("DELETE FROM outbox");
  }

  @Test
  void rolledBackTransactionPublishesNothing() {
    try (KafkaProbe probe = probe("rollback")) {
      assertThatThrownBy(
              () ->
                  transactions.executeWithoutResult(
                      status -> {
                        outbox.append(message(probe.topic(), "doomed-1", 1));
                        outbox.appendAll(
                            List.of(
                                message(probe.topic(), "doomed-2", 1),
                                message(probe.topic(), "doomed-1", 2)));
                        throw new IllegalStateException("business rule failed after the append");
                      }))
          .hasMessageContaining("business rule failed");
      // A committed message written afterwards proves the relay ran past the rolled-back one.
      transactions.executeWithoutResult(
          status -> outbox.append(message(probe.topic(), "control", 1)));

      List<ConsumerRecord<String, byte[]>> received =
          probe.awaitRecords(DEADLINE, records -> keys(records).contains("control"));
      probe.assertDuring(
          Duration.ofSeconds(1),
          records -> keys(records).stream().noneMatch(key -> key.startsWith("doomed")));

      assertThat(keys(received)).containsExactly("control");
      assertThat(pendingRows()).isZero();
    }
  }

  @Test
  void appendOutsideATransactionIsRefused() {
    assertThatThrownBy(() -> outbox.append(message("never.published", "k", 1)))
        .isInstanceOf(IllegalTransactionStateException.class);
    assertThat(pendingRows()).isZero();
  }

  /**
   * 8 writers over 200 keys. Each transaction first locks its aggregates' counter rows ({@code
   * UPDATE ... RETURNING n}, as a service locks the aggregate it changes), then appends one event
   * per aggregate carrying n. Commit order per key is therefore n order, and the consumer must see
   * every n of every key, in order.
   */
  @Test
  void concurrentWritersKeepEveryKeyCompleteAndInCommitOrder(Random seeded) throws Exception {
    int writers = 8;
    int keys = 200;
    int events = 20_000;
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0)");
    jdbc.update("TRUNCATE counters");
    jdbc.update(
        "INSERT INTO counters (key) SELECT 'agg-' || i FROM generate_series(0, ?) AS i", keys - 1);

    try (KafkaProbe probe = probe("concurrent")) {
      AtomicInteger appended = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Random random = new Random(seeded.nextLong()); // one per writer: Random is contended
        done.add(
            CompletableFuture.runAsync(
                () -> {
                  while (appended.get() < events) {
                    // 1 to 3 distinct aggregates per transaction, locked in key order.
                    Set<String> aggregates = new TreeSet<>();
                    int size = 1 + random.nextInt(3);
                    while (aggregates.size() < size) {
                      aggregates.add("agg-" + random.nextInt(keys));
                    }
                    transactions.executeWithoutResult(
                        status -> {
                          List<OutboxMessage> messages = new ArrayList<>();
                          for (String key : aggregates) {
                            Long n =
                                jdbc.queryForObject(
                                    "UPDATE counters SET n = n + 1 WHERE key = ? RETURNING n",
                                    Long.class,
                                    key);
                            messages.add(message(probe.topic(), key, n));
                          }
                          outbox.appendAll(messages);
                        });
                    appended.addAndGet(size);
                  }
                },
                pool));
      }
      try {
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }

      Map<String, Long> committed = new HashMap<>();
      jdbc.query(
          "SELECT key, n FROM counters",
          rs -> {
            committed.put(rs.getString(1), rs.getLong(2));
          });
      long total = committed.values().stream().mapToLong(Long::longValue).sum();
      assertThat(total).isEqualTo(appended.get()).isGreaterThanOrEqualTo(events);

      List<ConsumerRecord<String, byte[]>> received =
          probe.awaitRecords(
              Duration.ofSeconds(60), records -> TestEvents.distinctIds(records) >= total);

      Map<String, List<Long>> seenPerKey = TestEvents.sequencesPerKey(received, json);
      assertThat(seenPerKey.keySet()).containsExactlyInAnyOrderElementsOf(committed.keySet());
      committed.forEach(
          (key, n) ->
              assertThat(seenPerKey.get(key))
                  .as("events of %s in consumed order", key)
                  .containsExactlyElementsOf(
                      IntStream.rangeClosed(1, n.intValue()).mapToObj(i -> (long) i).toList()));
      await().atMost(DEADLINE).until(() -> pendingRows() == 0);
    }
  }

  /**
   * The library's own per-key lock, without any aggregate row lock of the caller: a second writer
   * of a key waits for the first one's commit, so it can never commit first while holding a larger
   * id (which would make the relay publish it after an event that committed later). Writers of
   * other keys do not wait.
   *
   * <p>This replaces a concurrent variant whose payload would carry an in-memory per-key counter
   * incremented inside the transaction after the append. That counter can only reach the payload of
   * a later append, it records the order in which writers got the lock rather than the order in
   * which they committed, and without the library's lock the races it could detect are rare: it
   * would pass with or without the lock, so it would prove nothing. Forcing the one interleaving
   * that breaks ordering does.
   */
  @Test
  void writersOfOneKeyAreSerialisedByTheOutboxAndOtherKeysAreNot() throws Exception {
    try (KafkaProbe probe = probe("key-lock")) {
      CountDownLatch firstAppended = new CountDownLatch(1);
      CountDownLatch releaseFirst = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        CompletableFuture<Void> first =
            CompletableFuture.runAsync(
                () ->
                    transactions.executeWithoutResult(
                        status -> {
                          outbox.append(message(probe.topic(), "shared", 1));
                          firstAppended.countDown();
                          awaitLatch(releaseFirst);
                          outbox.append(message(probe.topic(), "shared", 2));
                        }),
                pool);
        assertThat(firstAppended.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> second =
            CompletableFuture.runAsync(
                () ->
                    transactions.executeWithoutResult(
                        status -> outbox.append(message(probe.topic(), "shared", 3))),
                pool);
        CompletableFuture<Void> otherKey =
            CompletableFuture.runAsync(
                () ->
                    transactions.executeWithoutResult(
                        status -> outbox.append(message(probe.topic(), "other", 1))),
                pool);

        otherKey.get(20, TimeUnit.SECONDS);
        probe.awaitRecords(DEADLINE, records -> keys(records).contains("other"));
        await().atMost(DEADLINE).until(this::aWriterWaitsForAKeyLock);
        await()
            .during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> !second.isDone());

        releaseFirst.countDown();
        first.get(20, TimeUnit.SECONDS);
        second.get(20, TimeUnit.SECONDS);

        List<ConsumerRecord<String, byte[]>> received =
            probe.awaitRecords(DEADLINE, records -> records.size() >= 4);
        assertThat(TestEvents.sequencesPerKey(received, json).get("shared"))
            .containsExactly(1L, 2L, 3L);
      } finally {
        releaseFirst.countDown();
        pool.shutdownNow();
      }
    }
  }

  private KafkaProbe probe(String name) {
    return KafkaProbe.onNewTopic(TestInfrastructure.kafkaBootstrapServers(), "outbox-it." + name);
  }

  private static OutboxMessage message(String topic, String key, long n) {
    return new OutboxMessage(
        topic,
        key,
        "io.flowmesh.test.happened",
        key + "/" + n,
        "tenant-a",
        new TestPayload(key, n, null));
  }

  private boolean aWriterWaitsForAKeyLock() {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT exists(SELECT 1 FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND wait_event = 'advisory')",
            Boolean.class));
  }

  private int pendingRows() {
    return jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class);
  }

  private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
    Set<String> keys = new LinkedHashSet<>();
    records.forEach(record -> keys.add(record.key()));
    return keys;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
