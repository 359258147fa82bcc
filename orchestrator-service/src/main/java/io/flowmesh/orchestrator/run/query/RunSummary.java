package io.flowmesh.orchestrator.run.query;

import io.flowmesh.orchestrator.run.RunStatus;
import java.time.Instant;

/**
 * A run as a list shows it: without outputs, which can be large; {@code GET /runs/{id}} has them.
 *
 * @param runId the run
 * @param workflowId its workflow
 * @param version the definition version it executes
 * @param status its state
 * @param businessKey the business key it was started with, if any
 * @param startedAt when it was accepted
 * @param completedAt when it finished, if it has
 * @param parentRunId the run whose sub-workflow node started it, if one did
 */
public record RunSummary(
    String runId,
    String workflowId,
    int version,
    RunStatus status,
    String businessKey,
    Instant startedAt,
    Instant completedAt,
    String parentRunId) {}
