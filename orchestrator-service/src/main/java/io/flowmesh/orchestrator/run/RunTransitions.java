package io.flowmesh.orchestrator.run;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline every change of a run goes through, in the caller's transaction: <b>load</b> the run
 * row under its lock, <b>check</b> that the status machine allows the operation ({@link
 * RunStatus#allows}), <b>decide</b> with the pure engine ({@link Interpreter}) on the state rebuilt
 * from the database, and <b>record</b> the steps it returns ({@link StepRecorder}), or, for a
 * paused run, record the attempt's own step and hold the rest ({@link PausedRuns}).
 *
 * <p>The operations ({@link RunService} start and cancel, {@link FunctionOutcomeService}, {@link
 * RunEventService}, {@link ManualTaskService}, {@link TimerFiringService}, {@link
 * ChildRunOutcomeService}, {@link RunPauseService}, {@link RunRetryService}) are small commands on
 * top of it: each says which run, which operation, what to tell the caller when it is refused, and
 * which engine call decides.
 */
@Component
class RunTransitions {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final RunRepository runs;
  private final StepRecorder recorder;
  private final PausedRuns pausedRuns;
  private final JsonMapper json;
  private final Interpreter engine = new Interpreter(() -> UuidV7.prefixed("exe"));

  RunTransitions(
      RunRepository runs, StepRecorder recorder, PausedRuns pausedRuns, JsonMapper json) {
    this.runs = runs;
    this.recorder = recorder;
    this.pausedRuns = pausedRuns;
    this.json = json;
  }

  // ---- load

  /**
   * Locks the run's row for an operation a caller asked for.
   *
   * @param refusal the conflict's detail when the run's status does not allow the operation
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run's status does not allow the operation
   */
  RunRow lockFor(
      RunOperation operation, TenantId tenant, RunId runId, Function<RunRow, String> refusal) {
    RunRow run = lock(tenant, runId);
    if (!run.status().allows(operation)) {
      throw new RunStateConflictException(refusal.apply(run));
    }
    return run;
  }

  /**
   * Locks the run's row for an operation whose status check depends on more than the run (a task's
   * own state is checked first).
   *
   * @throws RunNotFoundException if the tenant has no such run
   */
  RunRow lock(TenantId tenant, RunId runId) {
    return runs.lock(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId));
  }

  /** Locks the run's row if the tenant has it: for outcomes, whose run may be gone. */
  Optional<RunRow> tryLock(TenantId tenant, RunId runId) {
    return runs.lock(tenant, runId);
  }

  /** The run's state as the engine needs it, rebuilt from its row and node executions. */
  RunState state(TenantId tenant, RunRow run) {
    return state(run, runs.nodeStatuses(tenant, run.id()));
  }

  /** The run's state from its row and the statuses of its node executions, read already. */
  RunState state(RunRow run, Map<String, String> statuses) {
    Set<String> running = new HashSet<>();
    Set<String> completed = new HashSet<>();
    statuses.forEach(
        (node, status) -> {
          // a retry attempt waiting for its backoff keeps the run open as a running one does
          if ("RUNNING".equals(status) || "SCHEDULED".equals(status)) {
            running.add(node);
          } else if ("COMPLETED".equals(status)) {
            completed.add(node);
          }
        });
    RunState state =
        new RunState(
            run.id(), run.workflowId(), outputs(run), statuses.keySet(), running, completed);
    if (run.errorJson() != null) {
      // a run that is not final but has an error is running its failure handler
      ExecutionErrorJson failure = json.readValue(run.errorJson(), ExecutionErrorJson.class);
      state.failing(
          failure.nodeId(),
          new ExecutionError(failure.code(), failure.message(), failure.retryable()));
    }
    return state;
  }

  /** The run row's outputs column, as a map the caller may change. */
  Map<String, Object> outputs(RunRow run) {
    return new HashMap<>(json.readValue(run.outputsJson(), MAP));
  }

  // ---- decide

  /** The pure engine that decides every transition. */
  Interpreter engine() {
    return engine;
  }

  /** What the engine makes of an attempt's result: its completion, or its failure. */
  List<Step> decide(WorkflowDefinition definition, RunState state, FunctionOutcome outcome) {
    return outcome.error() == null
        ? engine.complete(
            definition,
            state,
            outcome.nodeId(),
            outcome.executionId(),
            outcome.attempt(),
            outcome.output())
        : engine.fail(
            definition,
            state,
            outcome.nodeId(),
            outcome.executionId(),
            outcome.attempt(),
            outcome.error());
  }

  // ---- record

  /** Records the steps of a transition of a run that is not paused, flushing its writes. */
  RunRow record(
      TenantId tenant,
      RunRow run,
      List<Step> steps,
      WorkflowDefinition definition,
      RunState state) {
    return recorder.record(tenant, run, steps, definition, state);
  }

  /** Records the steps of a transition of a run that is not paused into {@code writes}. */
  RunRow record(
      TenantId tenant,
      RunRow run,
      List<Step> steps,
      WorkflowDefinition definition,
      RunState state,
      TransitionWrites writes) {
    return recorder.record(tenant, run, steps, definition, state, writes);
  }

  /**
   * Records the steps an attempt's outcome led to: held if the run is paused (the attempt's own
   * step is recorded at once, what follows waits for resume), else recorded in full into {@code
   * writes}, which the caller flushes.
   */
  RunRow recordOutcome(
      TenantId tenant,
      RunRow run,
      WorkflowDefinition definition,
      RunState state,
      List<Step> steps,
      FunctionOutcome outcome,
      TransitionWrites writes) {
    return pausedRuns
        .holdIfPaused(tenant, run, definition, steps, outcome)
        .orElseGet(() -> recorder.record(tenant, run, steps, definition, state, writes));
  }

  /**
   * As {@link #recordOutcome(TenantId, RunRow, WorkflowDefinition, RunState, List, FunctionOutcome,
   * TransitionWrites)}, in writes of its own flushed at once.
   */
  RunRow recordOutcome(
      TenantId tenant,
      RunRow run,
      WorkflowDefinition definition,
      RunState state,
      List<Step> steps,
      FunctionOutcome outcome) {
    TransitionWrites writes = writes();
    RunRow updated = recordOutcome(tenant, run, definition, state, steps, outcome, writes);
    writes.flush();
    return updated;
  }

  /** A buffer for the common writes of the transitions of one transaction. */
  TransitionWrites writes() {
    return recorder.writes();
  }

  /** The run row's error column. */
  record ExecutionErrorJson(String nodeId, String code, String message, boolean retryable) {}
}
