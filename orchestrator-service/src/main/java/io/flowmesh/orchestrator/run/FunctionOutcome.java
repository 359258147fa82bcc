package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;

/**
 * The result of one function execution as the orchestrator applies it.
 *
 * @param tenant the run's tenant
 * @param runId the run
 * @param nodeId the calling node
 * @param executionId the execution (one per node attempt)
 * @param attempt the node attempt
 * @param output the output when it succeeded
 * @param error the error when it failed, else null
 * @param traceparent the trace context the result arrived with, parent of the transition's span;
 *     may be null
 */
public record FunctionOutcome(
    TenantId tenant,
    RunId runId,
    String nodeId,
    String executionId,
    int attempt,
    Object output,
    ExecutionError error,
    String traceparent) {

  /** An outcome without a trace context, as results recorded inside the orchestrator have. */
  public FunctionOutcome(
      TenantId tenant,
      RunId runId,
      String nodeId,
      String executionId,
      int attempt,
      Object output,
      ExecutionError error) {
    this(tenant, runId, nodeId, executionId, attempt, output, error, null);
  }
}
