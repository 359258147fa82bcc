package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A run was paused: nodes already running finish and their results are recorded, but no new node
 * starts until the run is resumed.
 *
 * @param runId the run
 * @param workflowId the workflow it runs
 * @param workflowVersion the definition version the run executes
 * @param reason why, as given by the caller; null if none was given
 * @param pausedAt when the run was paused
 */
public record RunPaused(
    String runId, String workflowId, int workflowVersion, String reason, Instant pausedAt) {}
