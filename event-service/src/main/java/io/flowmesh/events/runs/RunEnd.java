package io.flowmesh.events.runs;

import java.time.Instant;

/**
 * A run's end as its lifecycle event (or the orchestrator's refusal) tells it.
 *
 * @param runId the run
 * @param status {@code completed}, {@code failed}, {@code cancelled} or {@code refused}
 * @param at when it ended
 */
public record RunEnd(String runId, String status, Instant at) {}
