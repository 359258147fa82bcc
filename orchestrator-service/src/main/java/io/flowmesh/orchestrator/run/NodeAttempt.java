package io.flowmesh.orchestrator.run;

import java.time.Instant;

/**
 * One attempt of one node in a run's history, as recorded in {@code node_executions}, or one item
 * of a for-each attempt, as recorded in {@code for_each_items}: an item row follows its node's
 * attempt, items in index order, and names the item and the attempt it belongs to.
 *
 * @param executionId the node attempt's execution, or the item's function execution
 * @param attempt the node attempt (an item's: the for-each attempt that called it)
 * @param status RUNNING, SCHEDULED, COMPLETED, FAILED, CANCELLED or SUPERSEDED; an item still
 *     running when its node ended is CANCELLED (SUPERSEDED if a retry replaced the node's attempt):
 *     its result would be ignored
 * @param input the resolved input the attempt started with
 * @param output its output, when it completed
 * @param error {@code {code, message, retryable}}, when it failed
 * @param finishedAt null while it runs
 * @param itemIndex the item's position in the for-each's list; null for a node attempt
 * @param nodeExecutionId the for-each attempt an item belongs to; null for a node attempt
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
    Instant finishedAt,
    Integer itemIndex,
    String nodeExecutionId) {}
