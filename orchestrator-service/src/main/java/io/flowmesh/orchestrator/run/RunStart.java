package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A request to start a run.
 *
 * @param tenant the tenant the run belongs to
 * @param definition the definition version it runs
 * @param triggerData the trigger's data, the run's input
 * @param idempotencyKey the {@code Idempotency-Key} it was started with; null for none
 * @param businessKey the business key: one run per key and workflow; null for none
 * @param request the start request's body, compared with the one an idempotency key was first used
 *     with; null to skip the comparison. It must not hold secrets (credentials by name only)
 * @param integrations credentials for this run only, by integration name, each an object of fields
 *     (the Workflow Builder's {@code integrations}); empty for none. Stored in integration-service,
 *     never with the run (ADR 0023)
 * @param runId the id the run gets; null to draw one. {@link RunStarts} draws it ahead when it has
 *     credentials to store under it
 */
public record RunStart(
    TenantId tenant,
    StoredDefinition definition,
    Object triggerData,
    String idempotencyKey,
    String businessKey,
    JsonNode request,
    Map<String, Object> integrations,
    RunId runId) {

  public RunStart {
    integrations =
        integrations == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(integrations));
  }

  /** A start without per-run credentials. */
  public RunStart(
      TenantId tenant,
      StoredDefinition definition,
      Object triggerData,
      String idempotencyKey,
      String businessKey,
      JsonNode request) {
    this(tenant, definition, triggerData, idempotencyKey, businessKey, request, Map.of(), null);
  }

  /** A start with credentials for the run (the Workflow Builder's {@code integrations}). */
  public RunStart(
      TenantId tenant,
      StoredDefinition definition,
      Object triggerData,
      String idempotencyKey,
      String businessKey,
      JsonNode request,
      Map<String, Object> integrations) {
    this(tenant, definition, triggerData, idempotencyKey, businessKey, request, integrations, null);
  }

  /** The same start, for a run of this id. */
  RunStart withRunId(RunId id) {
    return new RunStart(
        tenant, definition, triggerData, idempotencyKey, businessKey, request, integrations, id);
  }

  /** Names the integrations, never their credentials. */
  @Override
  public String toString() {
    return "RunStart[tenant="
        + tenant
        + ", workflow="
        + (definition == null ? null : definition.workflowId())
        + ", runId="
        + runId
        + ", integrations="
        + integrations.keySet()
        + "]";
  }
}
