package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A node would have started but waits; it starts when the reason goes away.
 *
 * @param runId the run
 * @param nodeId the node, as named in the definition
 * @param nodeType the node's kind, e.g. {@code action}
 * @param reason why it waits, e.g. {@code run-paused}
 * @param since when it began to wait
 */
public record NodeWaiting(
    String runId, String nodeId, String nodeType, String reason, Instant since) {}
