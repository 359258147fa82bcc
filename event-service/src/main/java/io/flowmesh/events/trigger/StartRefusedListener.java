package io.flowmesh.events.trigger;

import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRefused;
import io.flowmesh.outbox.CloudEventRecords;
import io.flowmesh.outbox.InboundEvent;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the orchestrator's refusals of the runs triggers asked for ({@code run.start-refused}) on
 * their evaluations. Only that type is parsed: the headers tell the type of every other run event,
 * which is skipped. Recording a refusal twice changes nothing.
 */
@Component
class StartRefusedListener {

  private static final Logger log = LoggerFactory.getLogger(StartRefusedListener.class);

  private final Evaluations evaluations;
  private final JsonMapper json;

  StartRefusedListener(Evaluations evaluations, JsonMapper json) {
    this.evaluations = evaluations;
    this.json = json;
  }

  @KafkaListener(
      topics = Topics.RUN_EVENTS,
      groupId = "${flowmesh.events.consumer-group:event-service}-refusals")
  void onRunEvents(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      if (!EventTypes.RUN_START_REFUSED.equals(CloudEventRecords.attribute(record, "type"))) {
        continue;
      }
      try {
        InboundEvent event = CloudEventRecords.read(record);
        String tenant = CloudEventRecords.attribute(record, CloudEventAttributes.TENANT);
        RunStartRefused refused = json.readValue(event.data(), RunStartRefused.class);
        evaluations.refused(
            TenantId.of(tenant), refused.runId(), refused.code() + ": " + refused.reason());
      } catch (RuntimeException e) {
        log.error(
            "Skipping unreadable record {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset(),
            e);
      }
    }
  }
}
