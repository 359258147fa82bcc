package io.flowmesh.events.declared;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.workflow.WorkflowDeleted;
import io.flowmesh.model.workflow.WorkflowSaved;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator's workflow events, one at a time and in order per workflow (the record key):
 * each saved version's declaration is applied, a deleted workflow's withdrawn. A record that is not
 * a readable CloudEvent with a tenant is logged and skipped; a database failure fails the record,
 * which is delivered again.
 */
@Component
class WorkflowEventsListener {

  private static final Logger log = LoggerFactory.getLogger(WorkflowEventsListener.class);

  private final Declarations declarations;
  private final JsonMapper json;

  WorkflowEventsListener(Declarations declarations, JsonMapper json) {
    this.declarations = declarations;
    this.json = json;
  }

  @KafkaListener(
      topics = Topics.WORKFLOW_EVENTS,
      groupId = "${flowmesh.events.consumer-group:event-service}-declarations",
      batch = "false")
  void onWorkflowEvent(ConsumerRecord<String, byte[]> record) {
    InboundEvent event;
    try {
      event = CloudEventRecords.read(record);
    } catch (RuntimeException e) {
      log.warn(
          "Skipping workflow event {}: not a readable CloudEvent ({})",
          record.offset(),
          e.toString());
      return;
    }
    if (event.tenant() == null || event.tenant().isBlank()) {
      return;
    }
    TenantId tenant = TenantId.of(event.tenant());
    try {
      switch (event.type()) {
        case EventTypes.WORKFLOW_SAVED ->
            declarations.saved(tenant, json.readValue(event.data(), WorkflowSaved.class));
        case EventTypes.WORKFLOW_DELETED ->
            declarations.deleted(
                tenant, json.readValue(event.data(), WorkflowDeleted.class).workflowId());
        default -> {
          // a newer kind of workflow event: not ours to act on
        }
      }
    } catch (JacksonException e) {
      log.warn("Skipping unreadable {} {}: {}", event.type(), event.id(), e.toString());
    }
  }
}
