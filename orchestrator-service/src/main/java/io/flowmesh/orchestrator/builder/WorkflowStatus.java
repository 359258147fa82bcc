package io.flowmesh.orchestrator.builder;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v2/workflows/{instanceId}/status}: a run as the Workflow Builder shows it.
 *
 * @param instanceId the run id (the same id {@code /api/v1/runs} uses)
 * @param workflowId the workflow
 * @param runtimeStatus PENDING, RUNNING, SUSPENDED, COMPLETED, FAILED or TERMINATED
 * @param phase what the run is doing, in lower case: pending, running, waiting, paused, completed,
 *     failed or terminated
 * @param progress the share of the definition's nodes that have finished, 0 to 100
 * @param outputs {@code trigger} as given, every finished node as {@code {"success": true, "data":
 *     ...}} and the node that failed the run as {@code {"success": false, "error": ...}}
 * @param error why the run failed, if it did (code, message, nodeId, retryable)
 * @param startedAt when the run was accepted
 * @param completedAt when it finished, if it has
 */
record WorkflowStatus(
    String instanceId,
    String workflowId,
    String runtimeStatus,
    String phase,
    int progress,
    Map<String, Object> outputs,
    Map<String, Object> error,
    Instant startedAt,
    Instant completedAt) {}
