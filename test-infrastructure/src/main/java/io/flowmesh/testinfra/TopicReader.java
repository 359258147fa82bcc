package io.flowmesh.testinfra;

import static org.awaitility.Awaitility.await;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads one topic of the shared test broker as an outside consumer would, and keeps every record it
 * has read. It assigns itself all partitions instead of joining a consumer group: a group's first
 * join costs seconds on two cores, and a test reader shares its position with no one.
 *
 * <p>Not thread-safe, like the consumer under it: poll it from one thread at a time.
 */
public final class TopicReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
  // the first events.size() records of seen, parsed; records are parsed once, when first asked for
  private final List<InboundEvent> events = new ArrayList<>();

  private TopicReader(String topic, boolean fromBeginning) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    // partitionsFor creates the topic on the test broker (auto.create.topics.enable) if need be;
    // the first answers for a topic being created can be empty, so ask until they are not
    List<TopicPartition> partitions;
    try {
      partitions =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInSameThread()
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () ->
                      consumer.partitionsFor(topic).stream()
                          .map(p -> new TopicPartition(topic, p.partition()))
                          .toList(),
                  found -> !found.isEmpty());
    } catch (ConditionTimeoutException e) {
      consumer.close();
      throw new IllegalStateException("topic " + topic + " does not exist on the test broker", e);
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    // Seeks are lazy; asking for the positions fixes them now, not at the first poll.
    partitions.forEach(consumer::position);
  }

  /** A reader of everything on the topic, including what was there before it was created. */
  public static TopicReader fromBeginning(String topic) {
    return new TopicReader(topic, true);
  }

  /** A reader of what is published to the topic after this call returns. */
  public static TopicReader fromNow(String topic) {
    return new TopicReader(topic, false);
  }

  /** Polls once and returns every record read so far, in the order read. */
  public List<ConsumerRecord<String, byte[]>> pollRecords() {
    consumer.poll(POLL).forEach(seen::add);
    return List.copyOf(seen);
  }

  /**
   * Polls once and returns every record read so far as a CloudEvent, in the order read.
   *
   * @throws IllegalArgumentException if a record on the topic is not a CloudEvent
   */
  public List<InboundEvent> poll() {
    pollRecords();
    for (int next = events.size(); next < seen.size(); next++) {
      events.add(CloudEventRecords.read(seen.get(next)));
    }
    return List.copyOf(events);
  }

  /**
   * Polls until at least {@code count} of the events read match, and returns the matching ones in
   * the order read (possibly more than {@code count}).
   *
   * @throws org.awaitility.core.ConditionTimeoutException if they do not arrive within {@code
   *     timeout}
   */
  public List<InboundEvent> awaitRecords(
      Predicate<InboundEvent> matching, int count, Duration timeout) {
    return await()
        .atMost(timeout)
        .pollInSameThread() // the consumer is not thread-safe; close() must not race a poll
        .pollDelay(Duration.ZERO)
        .until(() -> poll().stream().filter(matching).toList(), matched -> matched.size() >= count);
  }

  /**
   * A record's key, headers ({@code name=value} lines) and value as text: what a search for
   * something that must not leak has to look through.
   */
  public static String text(ConsumerRecord<String, byte[]> record) {
    StringBuilder text = new StringBuilder().append(record.key()).append('\n');
    for (Header header : record.headers()) {
      text.append(header.key()).append('=');
      if (header.value() != null) {
        text.append(new String(header.value(), StandardCharsets.UTF_8));
      }
      text.append('\n');
    }
    if (record.value() != null) {
      text.append(new String(record.value(), StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
