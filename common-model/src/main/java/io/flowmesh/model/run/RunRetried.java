package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A failed run was retried from its failed node: the node runs again as a new attempt and the run
 * is running again.
 *
 * @param runId the run
 * @param workflowId the workflow it runs
 * @param previousVersion the definition version the run executed when it failed
 * @param workflowVersion the definition version it executes from now on (the latest, if the caller
 *     asked for it)
 * @param nodeId the failed node that runs again
 * @param attempt the new attempt's number
 * @param retriedAt when the retry was accepted
 */
public record RunRetried(
    String runId,
    String workflowId,
    int previousVersion,
    int workflowVersion,
    String nodeId,
    int attempt,
    Instant retriedAt) {}
