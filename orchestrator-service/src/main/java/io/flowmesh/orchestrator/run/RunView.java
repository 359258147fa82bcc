package io.flowmesh.orchestrator.run;

import java.time.Instant;
import java.util.Map;

/**
 * A run as the API shows it.
 *
 * @param runId the run
 * @param workflowId its workflow
 * @param version the definition version it executes
 * @param status its state
 * @param outputs {@code trigger} and each completed node's output by node id
 * @param error why it failed, if it did
 * @param startedAt when it was accepted
 * @param completedAt when it finished, if it has
 * @param parentRunId the run whose sub-workflow node started it, if one did ({@code GET
 *     /runs?parentRunId=} lists a run's children); null in the answer to a start, which is never a
 *     child's
 */
public record RunView(
    String runId,
    String workflowId,
    int version,
    RunStatus status,
    Map<String, Object> outputs,
    Map<String, Object> error,
    Instant startedAt,
    Instant completedAt,
    String parentRunId) {}
