package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.RunPaused;
import io.flowmesh.model.run.RunResumed;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pause and resume. A paused run starts no new node: results of nodes already running are recorded
 * as they arrive, and what would follow them is held ({@link PausedRuns}); resume replays the held
 * outcomes in arrival order through the interpreter, so the nodes that waited start then (a held
 * for-each item result starts the next items or ends its node then). Each operation is one
 * transaction under the run row lock, with its event through the outbox.
 */
@Service
public class RunPauseService {

  private final RunOperationsRepository operations;
  private final DefinitionService definitions;
  private final RunTransitions transitions;
  private final RunService runService;
  private final Outbox outbox;
  private final ForEachResults forEachResults;

  RunPauseService(
      RunOperationsRepository operations,
      DefinitionService definitions,
      RunTransitions transitions,
      RunService runService,
      Outbox outbox,
      ForEachResults forEachResults) {
    this.operations = operations;
    this.definitions = definitions;
    this.transitions = transitions;
    this.runService = runService;
    this.outbox = outbox;
    this.forEachResults = forEachResults;
  }

  /**
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run is paused already or has finished
   */
  @Transactional
  public RunView pause(TenantId tenant, RunId runId, String reason) {
    RunRow run =
        transitions.lockFor(
            RunOperation.PAUSE,
            tenant,
            runId,
            locked ->
                locked.status() == RunStatus.PAUSED
                    ? "Run '"
                        + runId
                        + "' is PAUSED already; resume it with POST /api/v1/runs/"
                        + runId
                        + "/resume"
                    : "Run '"
                        + runId
                        + "' is "
                        + locked.status()
                        + "; only a run that is RUNNING or WAITING can be paused");
    operations.setStatus(tenant, runId, RunStatus.PAUSED);
    outbox.append(
        RunEvents.of(
            tenant,
            run,
            EventTypes.RUN_PAUSED,
            new RunPaused(
                run.id().value(), run.workflowId().value(), run.version(), reason, Instant.now())));
    return runService.get(tenant, runId);
  }

  /**
   * Resumes a paused run: {@code run.resumed}, then the outcomes held while it was paused are
   * applied in arrival order (starting the nodes that waited, or finishing the run).
   *
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run is not paused
   */
  @Transactional
  public RunView resume(TenantId tenant, RunId runId) {
    RunRow paused =
        transitions.lockFor(
            RunOperation.RESUME,
            tenant,
            runId,
            locked ->
                "Run '"
                    + runId
                    + "' is "
                    + locked.status()
                    + "; only a PAUSED run can be resumed"
                    + (locked.status().isFinal() ? "" : " (pause it first)"));
    WorkflowDefinition definition =
        definitions.find(tenant, paused.workflowId(), paused.version()).orElseThrow().definition();
    // Until a held outcome says otherwise, the run is as its open nodes are: an approval gate that
    // was waiting when the run was paused makes it WAITING again, a function in flight RUNNING.
    RunStatus active =
        Interpreter.onlyWaits(definition, transitions.state(tenant, paused))
            ? RunStatus.WAITING
            : RunStatus.RUNNING;
    operations.setStatus(tenant, runId, active);
    RunRow run = paused.withStatus(active);
    outbox.append(
        RunEvents.of(
            tenant,
            run,
            EventTypes.RUN_RESUMED,
            new RunResumed(
                run.id().value(), run.workflowId().value(), run.version(), Instant.now())));
    for (RunOperationsRepository.HeldOutcome held : operations.takeHeld(tenant, runId)) {
      if (!run.status().allows(RunOperation.RECORD_RESULT)) {
        break;
      }
      run = replay(tenant, run, definition, held);
    }
    return runService.get(tenant, runId);
  }

  /**
   * Applies a held outcome as if it arrived now. Its attempt was recorded when it arrived, so the
   * attempt's own completion or failure is not recorded a second time.
   */
  private RunRow replay(
      TenantId tenant,
      RunRow run,
      WorkflowDefinition definition,
      RunOperationsRepository.HeldOutcome held) {
    Optional<RunRow> item = forEachResults.replay(tenant, run, definition, held);
    if (item.isPresent()) {
      return item.get();
    }
    RunState state = transitions.state(tenant, run);
    List<Step> steps =
        transitions.decide(
            definition,
            state,
            new FunctionOutcome(
                tenant,
                run.id(),
                held.nodeId(),
                held.executionId(),
                held.attempt(),
                held.output(),
                held.error()));
    List<Step> rest =
        steps.stream().filter(step -> !PausedRuns.isOwn(step, held.executionId())).toList();
    return transitions.record(tenant, run, rest, definition, state);
  }
}
