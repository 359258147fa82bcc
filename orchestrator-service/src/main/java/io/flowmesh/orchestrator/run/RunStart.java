package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.definition.StoredDefinition;
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
 *     with; null to skip the comparison
 */
public record RunStart(
    String tenant,
    StoredDefinition definition,
    Object triggerData,
    String idempotencyKey,
    String businessKey,
    JsonNode request) {}
