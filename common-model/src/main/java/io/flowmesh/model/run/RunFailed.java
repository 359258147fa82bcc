package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A run failed.
 *
 * @param runId the run
 * @param workflowId the workflow definition
 * @param workflowVersion the definition version the run executed
 * @param nodeId the node whose failure failed the run
 * @param error what went wrong
 * @param failedAt when the run failed
 */
public record RunFailed(
    String runId,
    String workflowId,
    int workflowVersion,
    String nodeId,
    ExecutionError error,
    Instant failedAt) {}
