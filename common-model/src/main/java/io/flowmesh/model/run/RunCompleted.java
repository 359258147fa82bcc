package io.flowmesh.model.run;

import java.time.Instant;
import java.util.Map;

/**
 * A run reached its end.
 *
 * @param runId the run
 * @param workflowId the workflow definition
 * @param workflowVersion the definition version the run executed
 * @param outputs the trigger data under {@code trigger} and each node's output by node id
 * @param completedAt when the run completed
 */
public record RunCompleted(
    String runId,
    String workflowId,
    int workflowVersion,
    Map<String, Object> outputs,
    Instant completedAt) {}
