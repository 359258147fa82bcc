package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A node attempt failed.
 *
 * @param runId the run
 * @param nodeId the node
 * @param attempt the attempt number
 * @param error what went wrong
 * @param failedAt when the attempt failed
 */
public record NodeFailed(
    String runId, String nodeId, int attempt, ExecutionError error, Instant failedAt) {}
