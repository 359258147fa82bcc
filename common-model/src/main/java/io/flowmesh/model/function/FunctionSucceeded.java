package io.flowmesh.model.function;

import java.time.Instant;

/**
 * A function execution succeeded.
 *
 * @param executionId the execution
 * @param runId the run
 * @param nodeId the calling node
 * @param attempt the node attempt number
 * @param output the function's output (any JSON value)
 * @param finishedAt when it finished
 */
public record FunctionSucceeded(
    String executionId,
    String runId,
    String nodeId,
    int attempt,
    Object output,
    Instant finishedAt) {}
