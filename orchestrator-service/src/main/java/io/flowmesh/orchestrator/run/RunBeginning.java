package io.flowmesh.orchestrator.run;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.RunStarted;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every new run begins with, whether started through the API ({@link RunService}) or as a
 * sub-workflow's child ({@link StepRecorder}): its row and its {@code run.started} held in the
 * caller's writes, and the steps of its first transition for the caller to record. It records
 * nothing itself, so that the recorder, which starts child runs, can use it.
 */
@Component
class RunBeginning {

  private final JsonMapper json;
  private final RunMeters meters;
  private final Interpreter interpreter = new Interpreter(() -> UuidV7.prefixed("exe"));

  RunBeginning(JsonMapper json, RunMeters meters) {
    this.json = json;
    this.meters = meters;
  }

  /** A new run as inserted, and the first transition it is to record. */
  record Begun(RunRow run, RunState state, List<Step> steps) {}

  /** The keys a new run is found again by; all null for a run started without any. */
  record NewRunKeys(String idempotencyKey, String businessKey, String requestFingerprint) {
    static final NewRunKeys NONE = new NewRunKeys(null, null, null);
  }

  Begun begin(
      TenantId tenant,
      StoredDefinition definition,
      Object triggerData,
      NewRunKeys keys,
      RunId runId,
      TransitionWrites writes) {
    Instant now = Instant.now();
    RunRow run =
        new RunRow(
            runId,
            definition.workflowId(),
            definition.version(),
            RunStatus.RUNNING,
            json.writeValueAsString(triggerData),
            "{}",
            null,
            now,
            null);
    // The run row, its first attempts and its first events go out in four statements, with
    // those of the other runs the writes hold.
    writes.insertRun(
        tenant, run, keys.idempotencyKey(), keys.businessKey(), keys.requestFingerprint());
    writes.append(
        List.of(
            RunEvents.of(
                tenant,
                run,
                EventTypes.RUN_STARTED,
                new RunStarted(
                    runId.value(),
                    definition.workflowId().value(),
                    definition.version(),
                    triggerData,
                    now))));
    meters.started(run);
    RunState state = RunState.fresh(runId, definition.workflowId());
    List<Step> steps = interpreter.start(definition.definition(), state, triggerData);
    return new Begun(run, state, steps);
  }
}
