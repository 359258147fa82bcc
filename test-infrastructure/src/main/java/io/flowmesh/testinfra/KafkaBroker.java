package io.flowmesh.testinfra;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** A running Kafka broker. */
final class KafkaBroker {

  private static KafkaBroker shared;

  private final String bootstrapServers;

  private KafkaBroker(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  private static KafkaBroker start() {
    String bootstrap = System.getenv("TEST_KAFKA_BOOTSTRAP");
    if (bootstrap != null && !bootstrap.isBlank()) {
      return new KafkaBroker(bootstrap);
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
      container.start();
      return new KafkaBroker(container.getBootstrapServers());
    }
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
    broker.brokerProperties(
        Map.of(
            "auto.create.topics.enable", "true",
            "num.partitions", "6",
            "group.initial.rebalance.delay.ms", "0",
            // one partition for internal topics: a consumer group's first join takes seconds
            // instead of tens of seconds on two cores
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.num.partitions", "1"));
    broker.afterPropertiesSet();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
    return new KafkaBroker(broker.getBrokersAsString());
  }
}
