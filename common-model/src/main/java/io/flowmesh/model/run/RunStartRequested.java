package io.flowmesh.model.run;

/**
 * A request to start a run, made by a trigger. The orchestrator starts it with the idempotency key,
 * so a request delivered twice starts one run.
 *
 * @param runId the id the run gets (chosen by the requester, so its records can name the run)
 * @param workflowId the workflow to run, on its latest version
 * @param input the run's trigger data (any JSON value)
 * @param businessKey the run's business key, or null
 * @param idempotencyKey {@code trigger:<trigger id>:<stored event id>}
 * @param triggerId the trigger that asked
 * @param eventId the stored id ({@code evt_...}) of the event that fired the trigger
 */
public record RunStartRequested(
    String runId,
    String workflowId,
    Object input,
    String businessKey,
    String idempotencyKey,
    String triggerId,
    String eventId) {}
