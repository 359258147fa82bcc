package io.flowmesh.orchestrator.messaging;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.orchestrator.run.live.RunStatusChange;
import io.flowmesh.orchestrator.run.live.RunStatusHub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the run lifecycle events every replica publishes and hands the status changes to this
 * replica's open streams ({@code GET /api/v1/runs/status-changes}). Each replica reads the whole
 * topic in a consumer group of its own, from the end: a stream shows what happens while it is open,
 * whichever replica ran the step, and nothing is replayed after a restart.
 */
@Component
class RunStatusListener {

  private static final Logger log = LoggerFactory.getLogger(RunStatusListener.class);

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

  private final RunStatusHub hub;
  private final JsonMapper json;

  RunStatusListener(RunStatusHub hub, JsonMapper json) {
    this.hub = hub;
    this.json = json;
  }

  @KafkaListener(
      topics = Topics.RUN_EVENTS,
      groupId =
          "${flowmesh.orchestrator.consumer-group:orchestrator}-live-#{T(java.util.UUID).randomUUID()}",
      // the client id tags the consumer's meters: without a prefix it would carry the group's
      // random part, a new set of series at every start
      clientIdPrefix = "orchestrator-live",
      properties = "auto.offset.reset=latest")
  void onEvents(List<ConsumerRecord<String, byte[]>> records) {
    if (!hub.hasSubscribers()) {
      return;
    }
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        InboundEvent event = CloudEventRecords.read(record);
        String status = STATUS_BY_TYPE.get(event.type());
        if (status == null || event.tenant() == null || event.tenant().isBlank()) {
          continue;
        }
        JsonNode data = json.readTree(event.data());
        hub.publish(
            TenantId.of(event.tenant()),
            new RunStatusChange(
                data.path("runId").asString(),
                data.path("workflowId").asString(null),
                status,
                event.time() == null ? Instant.now() : event.time().toInstant()));
      } catch (RuntimeException e) {
        log.warn(
            "Skipping unreadable run event {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset(),
            e);
      }
    }
  }
}
