package io.flowmesh.functions.execution;

import java.time.Instant;

/**
 * An execution that ran, to be recorded and answered.
 *
 * @param pending the request
 * @param outcome how it ended
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param traceparent the execution span's trace context, which the result carries; may be null
 */
public record FinishedExecution(
    PendingExecution pending,
    Outcome outcome,
    Instant startedAt,
    Instant finishedAt,
    String traceparent) {}
