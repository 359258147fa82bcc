package io.flowmesh.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads every record of every topic on a broker, to search them for what must not be there. */
final class KafkaTopics {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private KafkaTopics() {}

  /**
   * Every record (key, value or header) whose bytes contain {@code needle}, as
   * "topic-partition@offset".
   */
  static List<String> recordsContaining(String bootstrapServers, String needle) throws Exception {
    byte[] wanted = needle.getBytes(StandardCharsets.UTF_8);
    List<TopicPartition> partitions = partitions(bootstrapServers);
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (!readToEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read every topic to its end in " + DEADLINE);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (holds(record, wanted)) {
            found.add(record.topic() + "-" + record.partition() + "@" + record.offset());
          }
        }
      }
    }
    return found;
  }

  private static List<TopicPartition> partitions(String bootstrapServers) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> topics = admin.listTopics().names().get();
      List<TopicPartition> partitions = new ArrayList<>();
      for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
        topic
            .partitions()
            .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
      }
      return partitions;
    }
  }

  private static boolean readToEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static boolean holds(ConsumerRecord<byte[], byte[]> record, byte[] wanted) {
    if (contains(record.key(), wanted) || contains(record.value(), wanted)) {
      return true;
    }
    for (Header header : record.headers()) {
      if (contains(header.value(), wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    if (haystack == null) {
      return false;
    }
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
