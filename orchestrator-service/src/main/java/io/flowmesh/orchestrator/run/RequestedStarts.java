package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRefused;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.FormSchemas;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.definition.UnreadableDefinitionException;
import io.flowmesh.orchestrator.definition.WorkflowDisabledException;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts the runs that event-service's triggers request ({@link RunStartRequested}), each with the
 * request's idempotency key and run id, so that a request delivered twice starts one run. A start
 * that cannot happen (no such workflow, a disabled one, a latest version that no longer parses, an
 * input that breaks the trigger's {@code inputSchema}) is answered with {@code run.start-refused}
 * through the outbox, in the same transaction.
 */
@Service
public class RequestedStarts {

  private final DefinitionService definitions;
  private final RunService runs;
  private final Outbox outbox;

  RequestedStarts(DefinitionService definitions, RunService runs, Outbox outbox) {
    this.definitions = definitions;
    this.runs = runs;
    this.outbox = outbox;
  }

  /** Starts the requested run, or refuses it with a reason. */
  @Transactional
  public void start(TenantId tenant, RunStartRequested request) {
    Optional<StoredDefinition> definition;
    try {
      definition = definitions.toStart(tenant, WorkflowId.of(request.workflowId()), null);
    } catch (WorkflowDisabledException e) {
      refuse(tenant, request, "WORKFLOW_DISABLED", e.getMessage());
      return;
    } catch (UnreadableDefinitionException e) {
      refuse(tenant, request, "DEFINITION_UNREADABLE", e.getMessage());
      return;
    }
    if (definition.isEmpty()) {
      refuse(
          tenant,
          request,
          "WORKFLOW_NOT_FOUND",
          "Workflow '" + request.workflowId() + "' does not exist");
      return;
    }
    List<FormSchemas.Violation> violations =
        FormSchemas.violations(
            definition.get().definition().trigger().config().get("inputSchema"), request.input());
    if (!violations.isEmpty()) {
      refuse(
          tenant,
          request,
          "INPUT_INVALID",
          "The input breaks the trigger's inputSchema: "
              + violations.stream()
                  .map(v -> v.field("input") + " " + v.message())
                  .collect(Collectors.joining("; ")));
      return;
    }
    runs.start(
        new RunStart(
            tenant,
            definition.get(),
            request.input(),
            request.idempotencyKey(),
            request.businessKey(),
            null,
            Map.of(),
            RunId.of(request.runId())));
  }

  private void refuse(TenantId tenant, RunStartRequested request, String code, String reason) {
    outbox.append(
        new OutboxMessage(
            Topics.RUN_EVENTS,
            request.runId(),
            EventTypes.RUN_START_REFUSED,
            request.runId(),
            tenant.value(),
            new RunStartRefused(
                request.runId(),
                request.workflowId(),
                request.triggerId(),
                request.eventId(),
                code,
                reason,
                Instant.now())));
  }
}
