package io.flowmesh.benchmarks;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the whole topic as a consumer would and checks every key: each event's sequence number must
 * be the key's next one. A number already seen is a duplicate (allowed: redelivery); a number
 * beyond the next one is a gap or a reordering (a failure).
 */
final class OrderVerifier implements AutoCloseable {

  /** One consumed record, kept while recording for the latency figures. */
  record Sample(int partition, long offset, int key, long seq, long receivedNanos) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final KeySpace keys;
  private final long[] last;
  private final JsonMapper json = JsonMapper.builder().build();
  private final List<Sample> samples = new ArrayList<>();
  private boolean recording;
  private long received;
  private long inOrder;
  private long duplicates;
  private long violations;
  private String firstViolation;

  OrderVerifier(String bootstrapServers, String topic, int partitions, KeySpace keys) {
    this.keys = keys;
    this.last = new long[keys.size()];
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
                10_000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                5));
    List<TopicPartition> assigned = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assigned.add(new TopicPartition(topic, p));
    }
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
  }

  void recording(boolean on) {
    recording = on;
    if (on) {
      samples.clear();
    }
  }

  List<Sample> samples() {
    return samples;
  }

  /** Consumes until the condition holds; fails after the deadline. */
  void consumeUntil(BooleanSupplier done, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            "Consumer did not finish within " + deadline + ": " + summary());
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        accept(record);
      }
    }
  }

  private void accept(ConsumerRecord<String, byte[]> record) {
    long now = System.nanoTime();
    received++;
    InboundEvent event = CloudEventRecords.read(record);
    BenchEvent payload = json.readValue(event.data(), BenchEvent.class);
    int key = KeySpace.index(record.key());
    if (payload.seq() == last[key] + 1) {
      last[key] = payload.seq();
      inOrder++;
      if (recording) {
        samples.add(new Sample(record.partition(), record.offset(), key, payload.seq(), now));
      }
    } else if (payload.seq() <= last[key]) {
      duplicates++;
    } else {
      violations++;
      if (firstViolation == null) {
        firstViolation = record.key() + " expected " + (last[key] + 1) + " got " + payload.seq();
      }
      last[key] = payload.seq();
    }
  }

  /** Every committed event seen exactly in order (duplicates aside). */
  long inOrder() {
    return inOrder;
  }

  long received() {
    return received;
  }

  long duplicates() {
    return duplicates;
  }

  long violations() {
    return violations;
  }

  /** Keys whose last consumed number is not their last committed one. */
  long incompleteKeys() {
    long incomplete = 0;
    for (int k = 0; k < keys.size(); k++) {
      if (last[k] != keys.committed(k)) {
        incomplete++;
      }
    }
    return incomplete;
  }

  String summary() {
    return String.format(
        "received=%d in-order=%d duplicates=%d order-violations=%d%s incomplete-keys=%d",
        received,
        inOrder,
        duplicates,
        violations,
        firstViolation == null ? "" : " (first: " + firstViolation + ")",
        incompleteKeys());
  }

  @Override
  public void close() {
    consumer.close();
  }
}
