package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.model.run.RunCompleted;
import io.flowmesh.model.run.RunFailed;
import io.flowmesh.orchestrator.engine.Step;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the steps that end a run or head for its end: a failure handler taking over (the error is
 * kept on the row), the run completed or failed (its final row, its event, and its end for a parent
 * run waiting in a sub-workflow node).
 */
@Component
class RunEndSteps {

  private final ChildRunEnds childRunEnds;
  private final JsonMapper json;
  private final RunMeters meters;

  RunEndSteps(ChildRunEnds childRunEnds, JsonMapper json, RunMeters meters) {
    this.childRunEnds = childRunEnds;
    this.json = json;
    this.meters = meters;
  }

  void failureHandlerStarted(Recording r, Step.FailureHandlerStarted s) {
    ExecutionError error = s.error();
    r.update(
        r.updated()
            .withError(
                json.writeValueAsString(
                    Map.of(
                        "nodeId",
                        s.nodeId(),
                        "code",
                        error.code(),
                        "message",
                        error.message(),
                        "retryable",
                        error.retryable()))));
  }

  void completed(Recording r, Step.RunCompleted s) {
    RunRow run = r.run;
    r.update(r.updated().finish(RunStatus.COMPLETED, r.updated().outputsJson(), null, r.now));
    meters.ended(run, RunStatus.COMPLETED, r.now);
    r.runEvent(
        EventTypes.RUN_COMPLETED,
        new RunCompleted(
            run.id().value(), run.workflowId().value(), run.version(), s.outputs(), r.now));
    childRunEnds.ended(
        new ChildRunOutcome(r.tenant, run.id(), RunStatus.COMPLETED, s.outputs(), null));
  }

  void failed(Recording r, Step.RunFailed s) {
    RunRow run = r.run;
    ExecutionError error = s.error();
    String errorJson =
        json.writeValueAsString(
            Map.of("nodeId", s.nodeId(), "code", error.code(), "message", error.message()));
    r.update(r.updated().finish(RunStatus.FAILED, r.updated().outputsJson(), errorJson, r.now));
    meters.ended(run, RunStatus.FAILED, r.now);
    r.runEvent(
        EventTypes.RUN_FAILED,
        new RunFailed(
            run.id().value(), run.workflowId().value(), run.version(), s.nodeId(), error, r.now));
    childRunEnds.ended(new ChildRunOutcome(r.tenant, run.id(), RunStatus.FAILED, null, error));
  }
}
