package io.flowmesh.model.run;

import java.time.Instant;

/**
 * The orchestrator did not start a requested run.
 *
 * @param runId the run id the request named
 * @param workflowId the workflow the request named
 * @param triggerId the trigger that asked
 * @param eventId the stored id of the event that fired the trigger
 * @param code why, as a stable code: {@code WORKFLOW_NOT_FOUND}, {@code INPUT_REFUSED}
 * @param reason why, for people
 * @param refusedAt when
 */
public record RunStartRefused(
    String runId,
    String workflowId,
    String triggerId,
    String eventId,
    String code,
    String reason,
    Instant refusedAt) {}
