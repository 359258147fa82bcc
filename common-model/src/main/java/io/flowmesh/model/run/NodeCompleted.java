package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A node attempt completed.
 *
 * @param runId the run
 * @param nodeId the node
 * @param attempt the attempt number
 * @param output the node's output (any JSON value, may be null)
 * @param completedAt when the attempt completed
 */
public record NodeCompleted(
    String runId, String nodeId, int attempt, Object output, Instant completedAt) {}
