package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;
import java.util.Map;

/**
 * A run finished; if a sub-workflow node waits for it, the parent continues.
 *
 * @param status how it finished: COMPLETED, FAILED or CANCELLED
 * @param outputs the finished run's outputs (completed runs)
 * @param error why it failed or was cancelled
 */
public record ChildRunOutcome(
    TenantId tenant,
    RunId runId,
    RunStatus status,
    Map<String, Object> outputs,
    ExecutionError error) {

  /** The outcome as the parent's {@code CHILD_ENDED} timer stores it: JSON, ids as strings. */
  record Stored(
      String tenant,
      String runId,
      RunStatus status,
      Map<String, Object> outputs,
      ExecutionError error) {

    Stored(ChildRunOutcome outcome) {
      this(
          outcome.tenant().value(),
          outcome.runId().value(),
          outcome.status(),
          outcome.outputs(),
          outcome.error());
    }

    ChildRunOutcome outcome() {
      return new ChildRunOutcome(TenantId.of(tenant), RunId.of(runId), status, outputs, error);
    }
  }
}
