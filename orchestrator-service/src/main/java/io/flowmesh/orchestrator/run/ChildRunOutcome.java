package io.flowmesh.orchestrator.run;

import io.flowmesh.model.run.ExecutionError;
import java.util.Map;

/**
 * A run finished; if a sub-workflow node waits for it, the parent continues.
 *
 * @param status how it finished: COMPLETED, FAILED or CANCELLED
 * @param outputs the finished run's outputs (completed runs)
 * @param error why it failed or was cancelled
 */
public record ChildRunOutcome(
    String tenant,
    String runId,
    RunStatus status,
    Map<String, Object> outputs,
    ExecutionError error) {}
