package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A paused run was resumed: the nodes that waited while it was paused start now.
 *
 * @param runId the run
 * @param workflowId the workflow it runs
 * @param workflowVersion the definition version the run executes
 * @param resumedAt when the run was resumed
 */
public record RunResumed(String runId, String workflowId, int workflowVersion, Instant resumedAt) {}
