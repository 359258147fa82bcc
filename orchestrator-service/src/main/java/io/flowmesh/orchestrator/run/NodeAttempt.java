package io.flowmesh.orchestrator.run;

import java.time.Instant;

/**
 * One attempt of one node in a run's history, as recorded in {@code node_executions}.
 *
 * @param status RUNNING, COMPLETED or FAILED
 * @param input the resolved input the attempt started with
 * @param output its output, when it completed
 * @param error {@code {code, message, retryable}}, when it failed
 * @param finishedAt null while it runs
 */
public record NodeAttempt(
    String executionId,
    String nodeId,
    int attempt,
    String status,
    Object input,
    Object output,
    Object error,
    Instant startedAt,
    Instant finishedAt) {}
