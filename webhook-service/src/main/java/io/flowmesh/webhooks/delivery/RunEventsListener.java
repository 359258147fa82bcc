package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.Topics;
import io.flowmesh.outbox.CloudEventRecords;
import io.flowmesh.outbox.InboundEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes run lifecycle events, a poll at a time. Offsets are committed after the poll's
 * deliveries committed; a redelivered poll is absorbed by the deliveries' unique (subscription,
 * event id). A record that is not a CloudEvent is logged and skipped, never blocking the partition.
 */
@Component
class RunEventsListener {

  private static final Logger log = LoggerFactory.getLogger(RunEventsListener.class);

  private final Ingestion ingestion;

  RunEventsListener(Ingestion ingestion) {
    this.ingestion = ingestion;
  }

  // The group is configurable only so that tests can run a second, isolated service process.
  @KafkaListener(
      topics = Topics.RUN_EVENTS,
      groupId = "${flowmesh.webhooks.consumer-group:webhook-service}")
  void onRunEvents(List<ConsumerRecord<String, byte[]>> records) {
    List<InboundEvent> events = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        events.add(CloudEventRecords.read(record));
      } catch (RuntimeException e) {
        log.warn(
            "Skipping record {}-{}@{}: not a readable CloudEvent ({})",
            record.topic(),
            record.partition(),
            record.offset(),
            e.toString());
      }
    }
    if (!events.isEmpty()) {
      ingestion.ingest(events);
    }
  }
}
