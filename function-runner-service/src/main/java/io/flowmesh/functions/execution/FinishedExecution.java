package io.flowmesh.functions.execution;

import java.time.Instant;

/**
 * An execution that ran, to be recorded and answered.
 *
 * @param pending the request
 * @param outcome how it ended
 * @param startedAt when it started
 * @param finishedAt when it ended
 */
record FinishedExecution(
    PendingExecution pending, Outcome outcome, Instant startedAt, Instant finishedAt) {}
