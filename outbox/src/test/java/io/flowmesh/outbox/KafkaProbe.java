package io.flowmesh.outbox;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain Kafka consumer reading one test topic from its beginning, on every partition, without a
 * consumer group: it sees exactly what the relay published, in partition order.
 */
final class KafkaProbe implements AutoCloseable {

  static final int PARTITIONS = 6;

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  private KafkaProbe(String bootstrapServers, String topic) {
    this.topic = topic;
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000));
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Creates a fresh topic with {@link #PARTITIONS} partitions and starts reading it. */
  static KafkaProbe onNewTopic(String bootstrapServers, String prefix) {
    String topic = prefix + "." + UUID.randomUUID();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  admin
                          .describeTopics(List.of(topic))
                          .allTopicNames()
                          .get()
                          .get(topic)
                          .partitions()
                          .size()
                      == PARTITIONS);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create topic " + topic, e);
    }
    return new KafkaProbe(bootstrapServers, topic);
  }

  String topic() {
    return topic;
  }

  /** Polls once and returns everything received so far. */
  List<ConsumerRecord<String, byte[]>> poll() {
    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    return records;
  }

  /** Polls until what has been received so far satisfies the condition. */
  List<ConsumerRecord<String, byte[]>> awaitRecords(
      Duration atMost, Predicate<List<ConsumerRecord<String, byte[]>>> condition) {
    await()
        .atMost(atMost)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .until(() -> condition.test(poll()));
    return records;
  }

  /** Polls for the whole duration and fails as soon as the condition is violated. */
  void assertDuring(Duration duration, Predicate<List<ConsumerRecord<String, byte[]>>> condition) {
    await()
        .during(duration)
        .atMost(duration.plusSeconds(5))
        .pollInSameThread()
        .until(() -> condition.test(poll()));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
