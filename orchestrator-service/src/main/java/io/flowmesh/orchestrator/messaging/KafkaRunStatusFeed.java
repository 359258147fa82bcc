package io.flowmesh.orchestrator.messaging;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.orchestrator.run.live.RunStatusChange;
import io.flowmesh.orchestrator.run.live.RunStatusFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run status streams' feed: the run lifecycle events every replica publishes, read by a
 * consumer that exists only while this replica has an open stream. It is assigned every partition
 * of the topic and starts at their end, without a consumer group: each replica sees every change
 * whichever replica made it, commits nothing and leaves no group behind when it stops. With no
 * stream open nothing reads, so runs pay nothing for a console nobody looks at.
 */
@Component
class KafkaRunStatusFeed implements RunStatusFeed, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(KafkaRunStatusFeed.class);

  /** The lifecycle event types that change a run's status, and the status each one means. */
  private static final Map<String, String> STATUS_BY_TYPE =
      Map.of(
          EventTypes.RUN_STARTED, "RUNNING",
          EventTypes.RUN_RESUMED, "RUNNING",
          EventTypes.RUN_RETRIED, "RUNNING",
          EventTypes.RUN_WAITING, "WAITING",
          EventTypes.RUN_PAUSED, "PAUSED",
          EventTypes.RUN_COMPLETED, "COMPLETED",
          EventTypes.RUN_FAILED, "FAILED",
          EventTypes.RUN_CANCELLED, "CANCELLED");

  private final Map<String, Object> consumerConfig;
  private final JsonMapper json;
  private Reader reader; // guarded by this

  KafkaRunStatusFeed(KafkaProperties kafka, JsonMapper json) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "orchestrator-live");
    this.consumerConfig = Map.copyOf(config);
    this.json = json;
  }

  @Override
  public synchronized void open(BiConsumer<TenantId, RunStatusChange> sink) {
    if (reader == null) {
      reader = new Reader(sink);
      Thread.ofPlatform().daemon().name("run-status-feed").start(reader);
    }
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.stop();
      reader = null;
    }
  }

  @Override
  public boolean awaitReading(Duration timeout) {
    Reader current;
    synchronized (this) {
      current = reader;
    }
    return current != null && current.awaitPositioned(timeout);
  }

  @Override
  public synchronized boolean isOpen() {
    return reader != null;
  }

  @Override
  public void destroy() {
    close();
  }

  private RunStatusChange statusChange(InboundEvent event, String status) {
    JsonNode data = json.readTree(event.data());
    return new RunStatusChange(
        data.path("runId").asString(),
        data.path("workflowId").asString(null),
        status,
        event.time() == null ? Instant.now() : event.time().toInstant());
  }

  /**
   * Reads on a thread of its own from {@link #open} to {@link #close}; a consumer that fails is
   * replaced, so open streams go on getting changes.
   */
  private final class Reader implements Runnable {

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private final BiConsumer<TenantId, RunStatusChange> sink;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopped;

    Reader(BiConsumer<TenantId, RunStatusChange> sink) {
      this.sink = sink;
    }

    @Override
    public void run() {
      while (!stopped) {
        try (KafkaConsumer<String, byte[]> current = new KafkaConsumer<>(consumerConfig)) {
          consumer = current;
          read(current);
        } catch (WakeupException | InterruptException e) {
          return; // stopped
        } catch (RuntimeException e) {
          log.warn("The run status feed's consumer failed; a new one reads on", e);
          pause();
        }
      }
    }

    private void read(KafkaConsumer<String, byte[]> consumer) {
      List<TopicPartition> partitions = awaitPartitions(consumer);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // seekToEnd is lazy: asking the positions fixes "now" before subscribers are told
      partitions.forEach(consumer::position);
      positioned.countDown();
      while (!stopped) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          deliver(record);
        }
      }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> consumer) {
      while (!stopped) {
        try {
          List<TopicPartition> partitions =
              consumer.partitionsFor(Topics.RUN_EVENTS, Duration.ofSeconds(5)).stream()
                  .map(info -> new TopicPartition(info.topic(), info.partition()))
                  .toList();
          if (!partitions.isEmpty()) {
            return partitions;
          }
        } catch (TimeoutException brokerNotAnswering) {
          log.debug("No partitions of {} yet", Topics.RUN_EVENTS, brokerNotAnswering);
        }
      }
      throw new WakeupException();
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
      String type = CloudEventRecords.attribute(record, "type");
      if (type != null && !STATUS_BY_TYPE.containsKey(type)) {
        return; // most run events are not status changes: skipped unparsed
      }
      try {
        InboundEvent event = CloudEventRecords.read(record);
        String status = STATUS_BY_TYPE.get(event.type());
        if (status != null && event.tenant() != null && !event.tenant().isBlank()) {
          sink.accept(TenantId.of(event.tenant()), statusChange(event, status));
        }
      } catch (RuntimeException e) {
        log.warn(
            "Skipping unreadable run event {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset(),
            e);
      }
    }

    boolean awaitPositioned(Duration timeout) {
      try {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private void pause() {
      try {
        Thread.sleep(PAUSE_AFTER_FAILURE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
      }
    }

    /** Ends the reading within a poll, at once if the consumer is waiting for the broker. */
    void stop() {
      stopped = true;
      KafkaConsumer<String, byte[]> current = consumer;
      if (current != null) {
        current.wakeup();
      }
    }
  }
}
