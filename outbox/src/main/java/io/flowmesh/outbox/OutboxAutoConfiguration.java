package io.flowmesh.outbox;

import io.flowmesh.messaging.MessageSpans;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox and its relay for a service with a DataSource and Kafka. The service's Flyway must
 * include {@code classpath:db/outbox} among its locations.
 */
@AutoConfiguration(after = DataSourceTransactionManagerAutoConfiguration.class)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

  /**
   * Closed by {@link #outboxProducerCloser}, with a bound: a plain close() waits for a dead broker.
   */
  @Bean(destroyMethod = "")
  Producer<String, byte[]> outboxProducer(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // Durable and ordered per partition even across retries (docs/architecture.md).
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
    return new KafkaProducer<>(config);
  }

  @Bean
  DisposableBean outboxProducerCloser(Producer<String, byte[]> outboxProducer) {
    return () -> outboxProducer.close(Duration.ofSeconds(5));
  }

  @Bean
  OutboxRelay outboxRelay(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactionManager,
      Producer<String, byte[]> outboxProducer,
      OutboxProperties properties,
      MeterRegistry meters,
      Environment environment,
      ObjectProvider<MessageSpans> spans) {
    OutboxRelay relay =
        new OutboxRelay(
            jdbc,
            new TransactionTemplate(transactionManager),
            outboxProducer,
            properties.withDefaultSource(environment.getProperty("spring.application.name")),
            meters,
            spans.getIfAvailable(() -> MessageSpans.NONE));
    Gauge.builder("flowmesh.outbox.pending", jdbc, OutboxAutoConfiguration::pendingRows)
        .description("Outbox rows not yet acknowledged by Kafka")
        .register(meters);
    Gauge.builder("flowmesh.outbox.oldest.age", jdbc, OutboxAutoConfiguration::oldestPendingAge)
        .description("Age of the oldest outbox row not yet acknowledged by Kafka; 0 when none")
        .baseUnit("seconds")
        .register(meters);
    return relay;
  }

  @Bean
  Outbox outbox(
      JdbcTemplate jdbc,
      JsonMapper json,
      ObjectProvider<TraceparentSource> traceparent,
      OutboxRelay relay,
      OutboxProperties properties) {
    Runnable wake = properties.relayEnabled() ? relay::wake : () -> {};
    return new Outbox(jdbc, json, traceparent.getIfAvailable(() -> TraceparentSource.NONE), wake);
  }

  private static double pendingRows(JdbcTemplate jdbc) {
    Long count = jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class);
    return count == null ? 0 : count;
  }

  /** The first row by id is the oldest one: an index look-up, not a scan of a long backlog. */
  private static double oldestPendingAge(JdbcTemplate jdbc) {
    Double age =
        jdbc.queryForObject(
            "SELECT coalesce(extract(epoch FROM now() - (SELECT occurred_at FROM outbox ORDER BY id"
                + " LIMIT 1)), 0)",
            Double.class);
    return age == null ? 0 : Math.max(0, age);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Tracer.class)
  static class Tracing {

    @Bean
    @ConditionalOnProperty(
        name = "flowmesh.outbox.trace",
        havingValue = "true",
        matchIfMissing = true)
    TraceparentSource micrometerTraceparentSource(ObjectProvider<Tracer> tracer) {
      return new MicrometerTraceparentSource(tracer);
    }
  }
}
