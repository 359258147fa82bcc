package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.RunWaiting;
import io.flowmesh.orchestrator.correlation.EventWaits;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.orchestrator.timer.TimerRepository;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Persists the steps of one transition and appends their events to the outbox, in step order, in
 * the caller's transaction (which holds the run row lock). Returns the run row as updated. Each
 * kind of step is written by the class for its kind: {@link AttemptSteps} (node attempts), {@link
 * CallSteps} (function requests, published events), {@link WaitSteps} (timers, manual tasks),
 * {@link RunEndSteps} (failure handlers, the run's end); child runs start here, after the parent's
 * own steps.
 */
@Component
class StepRecorder {

  private final RunRepository runs;
  private final Outbox outbox;
  private final JsonMapper json;
  private final TimerRepository timers;
  private final AttemptSteps attempts;
  private final CallSteps calls;
  private final WaitSteps waits;
  private final RunEndSteps ends;
  private final ChildRunStarter childRuns;
  private final RunBeginning beginning;
  private final EventWaits eventWaits;

  StepRecorder(
      RunRepository runs,
      Outbox outbox,
      JsonMapper json,
      TimerRepository timers,
      AttemptSteps attempts,
      CallSteps calls,
      WaitSteps waits,
      RunEndSteps ends,
      ChildRunStarter childRuns,
      RunBeginning beginning,
      EventWaits eventWaits) {
    this.runs = runs;
    this.outbox = outbox;
    this.json = json;
    this.timers = timers;
    this.attempts = attempts;
    this.calls = calls;
    this.waits = waits;
    this.ends = ends;
    this.childRuns = childRuns;
    this.beginning = beginning;
    this.eventWaits = eventWaits;
  }

  /**
   * Records a transition of a run that is not paused. The run's status follows from the state the
   * transition left: WAITING when every open node waits for the outside world, else RUNNING (or the
   * final status a step sets). It is written with the outputs, in the same row update.
   */
  RunRow record(
      TenantId tenant,
      RunRow run,
      List<Step> steps,
      WorkflowDefinition definition,
      RunState state) {
    TransitionWrites writes = writes();
    RunRow updated = record(tenant, run, steps, definition, state, writes);
    writes.flush();
    return updated;
  }

  /**
   * Records a transition as {@link #record(TenantId, RunRow, List, WorkflowDefinition, RunState)}
   * does, holding the common writes in {@code writes} for the caller to flush (with those of other
   * transitions) before commit. Rows that refer to rows still held (a task to its attempt) are
   * written after a flush.
   */
  RunRow record(
      TenantId tenant,
      RunRow run,
      List<Step> steps,
      WorkflowDefinition definition,
      RunState state,
      TransitionWrites writes) {
    RunStatus active =
        Interpreter.onlyWaits(definition, state) ? RunStatus.WAITING : RunStatus.RUNNING;
    return write(tenant, run, steps, state.outputs(), active, writes);
  }

  /** Records the part of a transition a paused run takes at once; the run stays PAUSED. */
  RunRow recordWhilePaused(
      TenantId tenant, RunRow run, List<Step> steps, Map<String, Object> outputs) {
    TransitionWrites writes = writes();
    RunRow updated = write(tenant, run, steps, outputs, run.status(), writes);
    writes.flush();
    return updated;
  }

  /** A buffer for the common writes of the transitions of one transaction. */
  TransitionWrites writes() {
    return new TransitionWrites(runs, outbox);
  }

  private RunRow write(
      TenantId tenant,
      RunRow run,
      List<Step> steps,
      Map<String, Object> outputs,
      RunStatus active,
      TransitionWrites writes) {
    RunRow updated = run.withOutputs(json.writeValueAsString(outputs));
    if (run.status().isActive()) {
      updated = updated.withStatus(active);
    }
    Recording r = new Recording(tenant, run, updated, Instant.now(), writes);
    for (Step step : steps) {
      switch (step) {
        case Step.NodeStarted s -> attempts.started(r, s);
        case Step.NodeCompleted s -> attempts.completed(r, s);
        case Step.NodeFailed s -> attempts.failed(r, s);
        case Step.AttemptScheduled s -> attempts.scheduled(r, s);
        case Step.FunctionCalled s -> calls.functionCalled(r, s);
        case Step.ItemCalled s -> calls.itemCalled(r, s);
        case Step.EventPublished s -> calls.eventPublished(r, s);
        case Step.TimerSet s -> waits.timerSet(r, s);
        case Step.TaskOpened s -> waits.taskOpened(r, s);
        case Step.EventAwaited s -> waits.eventAwaited(r, s);
        case Step.ChildRunRequested s -> r.childRequests.add(s);
        case Step.FailureHandlerStarted s -> ends.failureHandlerStarted(r, s);
        case Step.RunCompleted s -> ends.completed(r, s);
        case Step.RunFailed s -> ends.failed(r, s);
      }
    }
    updated = r.updated();
    if (updated.status() == RunStatus.WAITING && run.status() != RunStatus.WAITING) {
      r.runEvent(
          EventTypes.RUN_WAITING,
          new RunWaiting(run.id().value(), run.workflowId().value(), run.version(), r.now));
    }
    writes.updateRun(tenant, updated);
    if (updated.status().isFinal()) {
      timers.deleteForRun(tenant, run.id());
      eventWaits.deleteForRun(tenant, run.id());
    }
    writes.append(r.messages);
    // Children start after the parent's own steps are written: a child's events follow the
    // parent's node.started in the outbox, and the parent row is final for this transition.
    if (!r.childRequests.isEmpty()) {
      writes.flush();
    }
    for (Step.ChildRunRequested request : r.childRequests) {
      childRuns.start(tenant, run.id(), request).ifPresent(child -> begin(tenant, child));
    }
    return updated;
  }

  /**
   * Inserts a child run and records its first transition, in writes of its own flushed at once. Its
   * own children start from here too, so a nesting of sub-workflows recurses through this class
   * rather than through a cycle of beans.
   */
  private void begin(TenantId tenant, ChildRunStarter.ChildRun child) {
    TransitionWrites writes = writes();
    RunBeginning.Begun begun =
        beginning.begin(
            tenant,
            child.definition(),
            child.input(),
            RunBeginning.NewRunKeys.NONE,
            child.runId(),
            writes);
    record(
        tenant, begun.run(), begun.steps(), child.definition().definition(), begun.state(), writes);
    writes.flush();
  }
}
