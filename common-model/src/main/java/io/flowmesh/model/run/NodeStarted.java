package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A node attempt started.
 *
 * @param runId the run
 * @param nodeId the node, as named in the definition
 * @param nodeType the node's kind, e.g. {@code action}
 * @param attempt the attempt number, starting at 1
 * @param input the node's resolved input (any JSON value, may be null)
 * @param startedAt when the attempt started
 */
public record NodeStarted(
    String runId, String nodeId, String nodeType, int attempt, Object input, Instant startedAt) {}
