package io.flowmesh.model.function;

import io.flowmesh.model.run.ExecutionError;
import java.time.Instant;

/**
 * A function execution failed.
 *
 * @param executionId the execution
 * @param runId the run
 * @param nodeId the calling node
 * @param attempt the node attempt number
 * @param error why it failed and whether a retry may help
 * @param finishedAt when it finished
 */
public record FunctionFailed(
    String executionId,
    String runId,
    String nodeId,
    int attempt,
    ExecutionError error,
    Instant finishedAt) {}
