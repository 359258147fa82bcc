package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A run was cancelled: no node starts any more, and results of its running nodes are ignored.
 *
 * @param runId the run
 * @param workflowId the workflow it ran
 * @param workflowVersion the definition version the run executed
 * @param reason why, as given by the caller; null if none was given
 * @param cancelledAt when the run was cancelled
 */
public record RunCancelled(
    String runId, String workflowId, int workflowVersion, String reason, Instant cancelledAt) {}
