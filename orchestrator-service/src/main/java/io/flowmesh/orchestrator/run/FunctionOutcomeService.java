package io.flowmesh.orchestrator.run;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies function results to their runs: a poll's worth of results in one transaction, each under
 * its run's row lock. A result for an unknown run, a finished run or an execution that is no longer
 * running (a redelivery) changes nothing.
 */
@Service
public class FunctionOutcomeService {

  private static final Logger log = LoggerFactory.getLogger(FunctionOutcomeService.class);

  private final RunRepository runs;
  private final DefinitionService definitions;
  private final RunService runService;
  private final StepRecorder recorder;
  private final PausedRuns pausedRuns;
  private final ForEachResults forEachResults;
  private final RunDefinitions runDefinitions;

  FunctionOutcomeService(
      RunRepository runs,
      DefinitionService definitions,
      RunService runService,
      StepRecorder recorder,
      PausedRuns pausedRuns,
      ForEachResults forEachResults,
      RunDefinitions runDefinitions) {
    this.runs = runs;
    this.definitions = definitions;
    this.runService = runService;
    this.recorder = recorder;
    this.pausedRuns = pausedRuns;
    this.forEachResults = forEachResults;
    this.runDefinitions = runDefinitions;
  }

  /**
   * Applies a poll's results in one transaction. The runs are locked and their attempts read in two
   * queries for the whole poll, and the transitions' common writes go out together at the end; a
   * run with a second result in the poll reads its state again after a flush, so it sees the first
   * one's writes.
   */
  @Transactional
  public void apply(List<FunctionOutcome> outcomes) {
    Set<TenantScoped> runKeys = new LinkedHashSet<>();
    for (FunctionOutcome outcome : outcomes) {
      runKeys.add(new TenantScoped(outcome.tenant(), outcome.runId()));
    }
    Map<TenantScoped, RunRow> locked = runs.lockAll(runKeys);
    Map<TenantScoped, AttemptStatuses> attempts = runs.attemptStatusesOf(locked.keySet());
    TransitionWrites writes = recorder.writes();
    Set<TenantScoped> applied = new HashSet<>();
    for (FunctionOutcome outcome : outcomes) {
      TenantScoped runKey = new TenantScoped(outcome.tenant(), outcome.runId());
      RunRow run = locked.get(runKey);
      if (run == null) {
        log.warn("Ignoring a function result for unknown run {}", outcome.runId());
        continue;
      }
      AttemptStatuses statuses = attempts.getOrDefault(runKey, AttemptStatuses.NONE);
      if (!applied.add(runKey)) {
        // what an earlier result of this poll did to the run is still in the buffer
        writes.flush();
        run = runs.lock(outcome.tenant(), outcome.runId()).orElseThrow();
        statuses = runs.attemptStatuses(outcome.tenant(), outcome.runId());
      }
      applyOne(
          outcome, run, statuses.ofExecution(outcome.executionId()), statuses.byNode(), writes);
    }
    writes.flush();
  }

  private void applyOne(
      FunctionOutcome outcome,
      RunRow run,
      Optional<String> execution,
      Map<String, String> statuses,
      TransitionWrites writes) {
    if (execution.isEmpty()
        && forEachResults.apply(outcome, run, () -> state(outcome.tenant(), run))) {
      return;
    }
    if (!run.status().allows(RunOperation.RECORD_RESULT)
        || !execution.equals(Optional.of("RUNNING"))) {
      log.debug("Ignoring a duplicate or late result for execution {}", outcome.executionId());
      return;
    }
    Optional<WorkflowDefinition> readable =
        runDefinitions.forResult(
            outcome.tenant(), run, outcome.nodeId(), outcome.executionId(), outcome.attempt());
    if (readable.isEmpty()) {
      return;
    }
    WorkflowDefinition definition = readable.get();
    RunState state = state(run, statuses);
    List<Step> steps =
        outcome.error() == null
            ? runService
                .interpreter()
                .complete(
                    definition,
                    state,
                    outcome.nodeId(),
                    outcome.executionId(),
                    outcome.attempt(),
                    outcome.output())
            : runService
                .interpreter()
                .fail(
                    definition,
                    state,
                    outcome.nodeId(),
                    outcome.executionId(),
                    outcome.attempt(),
                    outcome.error());
    if (pausedRuns.holdIfPaused(outcome.tenant(), run, definition, steps, outcome).isPresent()) {
      return;
    }
    recorder.record(outcome.tenant(), run, steps, definition, state, writes);
  }

  /** The run's state as the interpreter needs it, rebuilt from its row and node executions. */
  RunState state(String tenant, RunRow run) {
    return state(run, runs.nodeStatuses(tenant, run.id()));
  }

  private RunState state(RunRow run, Map<String, String> statuses) {
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
            run.id(),
            run.workflowId(),
            runService.outputs(run),
            statuses.keySet(),
            running,
            completed);
    if (run.errorJson() != null) {
      // a run that is not final but has an error is running its failure handler
      ExecutionErrorJson failure =
          runService.json().readValue(run.errorJson(), ExecutionErrorJson.class);
      state.failing(
          failure.nodeId(),
          new ExecutionError(failure.code(), failure.message(), failure.retryable()));
    }
    return state;
  }

  /** The run row's error column. */
  record ExecutionErrorJson(String nodeId, String code, String message, boolean retryable) {}
}
