package io.flowmesh.functions.worker;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A task a worker has just leased: what to run, and the lease its answer must carry.
 *
 * @param taskId the task's id (its execution id); unique per tenant
 * @param leaseToken names this lease; completing, failing and heartbeats must carry it
 * @param leaseExpiresAt when the lease ends unless a heartbeat extends it
 * @param function the function's slug
 * @param runId the run the task belongs to
 * @param nodeId the node of the run
 * @param attempt the node's attempt, 1 for the first
 * @param input the function's input, already checked against its input schema
 */
@Schema(name = "WorkerTask")
record LeasedTask(
    String taskId,
    String leaseToken,
    Instant leaseExpiresAt,
    String function,
    String runId,
    String nodeId,
    int attempt,
    JsonNode input) {}
