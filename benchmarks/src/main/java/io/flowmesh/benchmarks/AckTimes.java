package io.flowmesh.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Producer interceptor on the relay's producer: when Kafka acknowledged each record, by partition
 * and offset. The consumer later maps partition and offset to the event, which gives commit → ack
 * per event without touching the relay.
 */
public class AckTimes implements ProducerInterceptor<String, byte[]> {

  private static final Map<Long, Long> ACKED = new ConcurrentHashMap<>();
  private static volatile boolean recording;

  static void record(boolean on) {
    recording = on;
  }

  static void clear() {
    ACKED.clear();
  }

  static Long ackedNanos(int partition, long offset) {
    return ACKED.get(slot(partition, offset));
  }

  private static long slot(int partition, long offset) {
    return ((long) partition << 48) | offset;
  }

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    if (recording && exception == null && metadata != null && metadata.hasOffset()) {
      ACKED.put(slot(metadata.partition(), metadata.offset()), System.nanoTime());
    }
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
