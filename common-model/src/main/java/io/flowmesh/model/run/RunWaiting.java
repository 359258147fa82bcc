package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A run became WAITING: every node still open waits for something outside the run.
 *
 * @param runId the run
 * @param workflowId its workflow
 * @param workflowVersion the definition version it runs on
 * @param since when it began to wait
 */
public record RunWaiting(String runId, String workflowId, int workflowVersion, Instant since) {}
