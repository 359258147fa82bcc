package io.flowmesh.orchestrator.run.live;

import java.time.Instant;

/**
 * A run entered a state, as the console's live list shows it.
 *
 * @param runId the run
 * @param workflowId its workflow
 * @param status the state it entered ({@code RUNNING}, {@code WAITING}, {@code PAUSED}, {@code
 *     COMPLETED}, {@code FAILED}, {@code CANCELLED})
 * @param at when it did
 */
public record RunStatusChange(String runId, String workflowId, String status, Instant at) {}
