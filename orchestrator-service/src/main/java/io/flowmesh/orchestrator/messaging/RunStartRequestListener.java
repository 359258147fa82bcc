package io.flowmesh.orchestrator.messaging;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.messaging.MessageSpans;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.orchestrator.run.RequestedStarts;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the run start requests of event-service's triggers. Each is started in a transaction of
 * its own with its idempotency key, so a redelivered poll starts nothing twice; a record that is
 * not a readable request is logged and skipped; a database failure fails the poll, which is
 * delivered again.
 */
@Component
class RunStartRequestListener {

  private static final Logger log = LoggerFactory.getLogger(RunStartRequestListener.class);

  private final MessageSpans spans;
  private final RequestedStarts starts;
  private final JsonMapper json;

  RunStartRequestListener(RequestedStarts starts, JsonMapper json, MessageSpans spans) {
    this.starts = starts;
    this.spans = spans;
    this.json = json;
  }

  @KafkaListener(
      topics = Topics.RUN_START_REQUESTS,
      groupId = "${flowmesh.orchestrator.consumer-group:orchestrator}")
  void onRequests(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      RunStartRequested request;
      InboundEvent event;
      try {
        event = CloudEventRecords.read(record);
        if (!EventTypes.RUN_START_REQUESTED.equals(event.type())
            || event.tenant() == null
            || event.tenant().isBlank()) {
          continue;
        }
        request = json.readValue(event.data(), RunStartRequested.class);
      } catch (RuntimeException e) {
        log.error(
            "Skipping unreadable record {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset(),
            e);
        continue;
      }
      // The run's events and first requests carry this span: a run started by an event or a
      // schedule continues the trace that requested it.
      try (MessageSpans.Scope span = spans.open("run start requested", event.traceparent())) {
        starts.start(TenantId.of(event.tenant()), request);
      }
    }
  }
}
