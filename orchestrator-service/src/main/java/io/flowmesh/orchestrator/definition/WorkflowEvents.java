package io.flowmesh.orchestrator.definition;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.workflow.WorkflowDeleted;
import io.flowmesh.model.workflow.WorkflowSaved;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import org.springframework.stereotype.Component;

/**
 * Tells the platform, through the outbox and in the transaction that saves or deletes, that a
 * workflow version was saved (with how its trigger node says it starts) or the workflow deleted:
 * event-service keeps the workflow's declared trigger or schedule in step (docs/events.md).
 */
@Component
class WorkflowEvents {

  private final Outbox outbox;

  WorkflowEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  void saved(TenantId tenant, WorkflowDefinition definition, int version) {
    TriggerDeclaration declared = TriggerDeclaration.of(definition.trigger().config());
    outbox.append(
        new OutboxMessage(
            Topics.WORKFLOW_EVENTS,
            definition.id(),
            EventTypes.WORKFLOW_SAVED,
            definition.id(),
            tenant.value(),
            new WorkflowSaved(definition.id(), version, declared.type(), declared.settings())));
  }

  void deleted(TenantId tenant, WorkflowId workflowId) {
    outbox.append(
        new OutboxMessage(
            Topics.WORKFLOW_EVENTS,
            workflowId.value(),
            EventTypes.WORKFLOW_DELETED,
            workflowId.value(),
            tenant.value(),
            new WorkflowDeleted(workflowId.value())));
  }
}
