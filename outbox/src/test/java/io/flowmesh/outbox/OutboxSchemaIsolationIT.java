package io.flowmesh.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.testinfra.PostgresServer;
import io.flowmesh.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Services share one database, each with its own schema and outbox table, while PostgreSQL advisory
 * locks are database-wide. The relay lock and the per-key locks must therefore be per schema: one
 * service's busy relay or open transaction never holds up another service.
 */
class OutboxSchemaIsolationIT {

  private static String url;
  private static Producer<String, byte[]> producer;
  private static Service orders;
  private static Service billing;

  /** Own threads: the common pool has a single thread on a 2-core machine. */
  private static final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeAll
  static void twoServicesInOneDatabase() {
    url = TestInfrastructure.newDatabase("outbox_schemas");
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    orders = new Service("orders_svc");
    billing = new Service("billing_svc");
  }

  @AfterAll
  static void closeProducer() {
    threads.shutdownNow();
    producer.close();
  }

  @Test
  void aRelayBusyInOneSchemaDoesNotStopTheRelayOfAnother() throws Exception {
    try (KafkaProbe probe = probe()) {
      orders.commit(message(probe.topic(), "order-1"));
      billing.commit(message(probe.topic(), "invoice-1"));

      // Hold the orders row so the orders relay, having published it, waits in its DELETE while
      // holding its relay lock.
      try (Connection locker = orders.connection()) {
        locker.setAutoCommit(false);
        locker.createStatement().execute("SELECT id FROM outbox FOR UPDATE");
        CompletableFuture<Integer> ordersRelay =
            CompletableFuture.supplyAsync(orders::relayOnce, threads);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> relayLocksHeld() == 1 && deleteIsWaiting());

        assertThat(billing.relayOnce())
            .as("billing relay while the orders relay is busy")
            .isEqualTo(1);
        assertThat(ordersRelay).isNotDone();
        assertThat(orders.relayOnce())
            .as("a second relay of the orders schema while the first holds the lock")
            .isEqualTo(-1);

        locker.rollback();
        assertThat(ordersRelay.get(20, TimeUnit.SECONDS)).isEqualTo(1);
      }
      probe.awaitRecords(Duration.ofSeconds(20), records -> records.size() == 2);
    }
  }

  @Test
  void anOpenTransactionOnAKeyInOneSchemaDoesNotBlockThatKeyInAnother() throws Exception {
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> ordersWriter =
        CompletableFuture.runAsync(
            () ->
                orders.transactions.executeWithoutResult(
                    status -> {
                      orders.outbox.append(message("outbox-it.unused", "run_42"));
                      appended.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      status.setRollbackOnly();
                    }),
            threads);
    try {
      assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> billingWriter =
          CompletableFuture.runAsync(
              () -> billing.commit(message("outbox-it.unused", "run_42")), threads);
      await().atMost(Duration.ofSeconds(15)).until(billingWriter::isDone);
      billingWriter.get();
      assertThat(ordersWriter).as("the orders transaction is still open").isNotDone();
    } finally {
      release.countDown();
      ordersWriter.get(30, TimeUnit.SECONDS);
      billing.jdbc.update("DELETE FROM outbox");
    }
  }

  private static int relayLocksHeld() {
    return orders.jdbc.queryForObject(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ?",
        Integer.class,
        Outbox.KEY_LOCK_SPACE + 1);
  }

  private static boolean deleteIsWaiting() {
    return Boolean.TRUE.equals(
        orders.jdbc.queryForObject(
            "SELECT exists(SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'DELETE FROM outbox%')",
            Boolean.class));
  }

  private static KafkaProbe probe() {
    return KafkaProbe.onNewTopic(TestInfrastructure.kafkaBootstrapServers(), "outbox-it.schemas");
  }

  private static OutboxMessage message(String topic, String key) {
    return new OutboxMessage(
        topic, key, "io.flowmesh.test.happened", key, "tenant-a", new TestPayload(key, 1, null));
  }

  /** One service's view of the shared database: its schema, outbox and relay. */
  private static final class Service {

    final DataSource dataSource;
    final JdbcTemplate jdbc;
    final TransactionTemplate transactions;
    final Outbox outbox;
    final OutboxRelay relay;
    final String schemaUrl;

    Service(String schema) {
      PostgresServer server = TestInfrastructure.postgres();
      Flyway.configure()
          .dataSource(url, server.username(), server.password())
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations("classpath:db/outbox")
          .load()
          .migrate();
      schemaUrl = url + "?currentSchema=" + schema;
      dataSource = new DriverManagerDataSource(schemaUrl, server.username(), server.password());
      jdbc = new JdbcTemplate(dataSource);
      transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
      outbox = new Outbox(jdbc, JsonMapper.builder().build(), TraceparentSource.NONE, () -> {});
      relay =
          new OutboxRelay(
              jdbc,
              transactions,
              producer,
              new OutboxProperties(
                  false,
                  "/flowmesh/" + schema,
                  100,
                  Duration.ofMillis(500),
                  Duration.ofSeconds(10)),
              new SimpleMeterRegistry());
    }

    void commit(OutboxMessage message) {
      transactions.executeWithoutResult(status -> outbox.appendAll(List.of(message)));
    }

    int relayOnce() {
      return relay.relayOnce();
    }

    Connection connection() throws Exception {
      PostgresServer server = TestInfrastructure.postgres();
      return DriverManager.getConnection(schemaUrl, server.username(), server.password());
    }
  }
}
