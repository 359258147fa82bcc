package io.flowmesh.model.run;

import java.time.Instant;

/**
 * A run was accepted.
 *
 * @param runId the run
 * @param workflowId the workflow definition
 * @param workflowVersion the definition version the run executes
 * @param trigger the trigger data the run started with (any JSON value)
 * @param startedAt when the run was accepted
 */
public record RunStarted(
    String runId, String workflowId, int workflowVersion, Object trigger, Instant startedAt) {}
