package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import java.time.Instant;

/** A row of {@code runs}, JSON columns as text. */
record RunRow(
    RunId id,
    WorkflowId workflowId,
    int version,
    RunStatus status,
    String triggerJson,
    String outputsJson,
    String errorJson,
    Instant startedAt,
    Instant completedAt) {

  RunRow finish(RunStatus newStatus, String outputs, String error, Instant at) {
    return new RunRow(
        id, workflowId, version, newStatus, triggerJson, outputs, error, startedAt, at);
  }

  RunRow withStatus(RunStatus newStatus) {
    return new RunRow(
        id,
        workflowId,
        version,
        newStatus,
        triggerJson,
        outputsJson,
        errorJson,
        startedAt,
        completedAt);
  }

  RunRow withError(String error) {
    return new RunRow(
        id, workflowId, version, status, triggerJson, outputsJson, error, startedAt, completedAt);
  }

  RunRow withOutputs(String outputs) {
    return new RunRow(
        id, workflowId, version, status, triggerJson, outputs, errorJson, startedAt, completedAt);
  }
}
