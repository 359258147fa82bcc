package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.run.NodeCompleted;
import io.flowmesh.model.run.NodeFailed;
import io.flowmesh.model.run.NodeStarted;
import io.flowmesh.model.run.RunCompleted;
import io.flowmesh.model.run.RunFailed;
import io.flowmesh.model.run.RunWaiting;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.orchestrator.timer.TimerRepository;
import io.flowmesh.orchestrator.timer.TimerSignal;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import io.flowmesh.outbox.UuidV7;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Persists the steps of one transition and appends their events to the outbox, in step order, in
 * the caller's transaction (which holds the run row lock). Returns the run row as updated.
 */
@Component
class StepRecorder {

  private final RunRepository runs;
  private final Outbox outbox;
  private final JsonMapper json;
  private final TimerRepository timers;
  private final TimerSignal timerSignal;
  private final ManualTaskRepository tasks;
  private final ChildRunStarter childRuns;
  private final RunBeginning beginning;
  private final ChildRunEnds childRunEnds;
  private final ForEachItemRepository forEachItems;

  StepRecorder(
      RunRepository runs,
      Outbox outbox,
      JsonMapper json,
      TimerRepository timers,
      TimerSignal timerSignal,
      ManualTaskRepository tasks,
      ChildRunStarter childRuns,
      RunBeginning beginning,
      ChildRunEnds childRunEnds,
      ForEachItemRepository forEachItems) {
    this.runs = runs;
    this.outbox = outbox;
    this.json = json;
    this.timers = timers;
    this.timerSignal = timerSignal;
    this.tasks = tasks;
    this.childRuns = childRuns;
    this.beginning = beginning;
    this.childRunEnds = childRunEnds;
    this.forEachItems = forEachItems;
  }

  /**
   * Records a transition of a run that is not paused. The run's status follows from the state the
   * transition left: WAITING when every open node waits for the outside world, else RUNNING (or the
   * final status a step sets). It is written with the outputs, in the same row update.
   */
  RunRow record(
      String tenant, RunRow run, List<Step> steps, WorkflowDefinition definition, RunState state) {
    TransitionWrites writes = writes();
    RunRow updated = record(tenant, run, steps, definition, state, writes);
    writes.flush();
    return updated;
  }

  /**
   * Records a transition as {@link #record(String, RunRow, List, WorkflowDefinition, RunState)}
   * does, holding the common writes in {@code writes} for the caller to flush (with those of other
   * transitions) before commit. Rows that refer to rows still held (a task to its attempt) are
   * written after a flush.
   */
  RunRow record(
      String tenant,
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
      String tenant, RunRow run, List<Step> steps, Map<String, Object> outputs) {
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
      String tenant,
      RunRow run,
      List<Step> steps,
      Map<String, Object> outputs,
      RunStatus active,
      TransitionWrites writes) {
    Instant now = Instant.now();
    List<OutboxMessage> messages = new ArrayList<>(steps.size());
    List<Step.ChildRunRequested> childRequests = new ArrayList<>();
    RunRow updated = run.withOutputs(json.writeValueAsString(outputs));
    if (run.status().isActive()) {
      updated = updated.withStatus(active);
    }
    for (Step step : steps) {
      switch (step) {
        case Step.NodeStarted s -> {
          writes.startAttempt(
              tenant,
              s.executionId(),
              run.id(),
              s.node().id(),
              s.attempt(),
              json.writeValueAsString(s.input()),
              now);
          messages.add(
              runEvent(
                  tenant,
                  run,
                  EventTypes.NODE_STARTED,
                  new NodeStarted(
                      run.id(),
                      s.node().id(),
                      s.node().kind().wireName(),
                      s.attempt(),
                      s.input(),
                      now)));
        }
        case Step.NodeCompleted s -> {
          writes.finishAttempt(
              tenant, s.executionId(), "COMPLETED", json.writeValueAsString(s.output()), null, now);
          deleteTimeout(tenant, s.node(), s.executionId());
          messages.add(
              runEvent(
                  tenant,
                  run,
                  EventTypes.NODE_COMPLETED,
                  new NodeCompleted(run.id(), s.node().id(), s.attempt(), s.output(), now)));
        }
        case Step.NodeFailed s -> {
          writes.finishAttempt(
              tenant, s.executionId(), "FAILED", null, json.writeValueAsString(s.error()), now);
          deleteTimeout(tenant, s.node(), s.executionId());
          messages.add(
              runEvent(
                  tenant,
                  run,
                  EventTypes.NODE_FAILED,
                  new NodeFailed(run.id(), s.node().id(), s.attempt(), s.error(), now)));
        }
        case Step.FunctionCalled s ->
            messages.add(
                new OutboxMessage(
                    Topics.FUNCTION_REQUESTS,
                    run.id(),
                    EventTypes.FUNCTION_REQUESTED,
                    run.id(),
                    tenant,
                    new FunctionRequested(
                        s.executionId(),
                        run.id(),
                        s.node().id(),
                        s.attempt(),
                        s.function(),
                        s.input(),
                        NodeSettings.timeout(s.node().config())
                            .map(t -> t.toMillis())
                            .orElse(0L))));
        case Step.TimerSet s -> {
          timers.insert(
              tenant,
              run.id(),
              s.node().id(),
              s.executionId(),
              s.attempt(),
              s.kind(),
              s.dueAt(),
              s.payload() == null ? null : json.writeValueAsString(s.payload()));
          timerSignal.afterCommit(s.dueAt());
        }
        case Step.AttemptScheduled s -> {
          writes.flush();
          runs.insertScheduledExecution(
              tenant, s.executionId(), run.id(), s.node().id(), s.attempt(), now);
        }
        case Step.FailureHandlerStarted s ->
            updated =
                updated.withError(
                    json.writeValueAsString(
                        Map.of(
                            "nodeId",
                            s.nodeId(),
                            "code",
                            s.error().code(),
                            "message",
                            s.error().message(),
                            "retryable",
                            s.error().retryable())));
        case Step.TaskOpened s -> {
          writes.flush(); // the task refers to its attempt
          tasks.insert(
              tenant,
              UuidV7.prefixed("tsk"),
              run.id(),
              s.node().id(),
              s.executionId(),
              s.assignee(),
              json.writeValueAsString(s.details()),
              s.node().config().containsKey("form")
                  ? json.writeValueAsString(s.node().config().get("form"))
                  : null,
              now);
        }
        case Step.EventPublished s ->
            // Keyed by subject so that one subject's events stay in order across runs.
            messages.add(
                new OutboxMessage(
                    Topics.EVENTS,
                    s.subject() == null ? run.id() : s.subject(),
                    s.type(),
                    s.subject() == null ? run.id() : s.subject(),
                    tenant,
                    s.data()));
        case Step.ChildRunRequested s -> childRequests.add(s);
        case Step.ItemCalled s -> {
          writes.flush(); // the item refers to its node's attempt
          forEachItems.insert(
              tenant,
              s.executionId(),
              run.id(),
              s.node().id(),
              s.nodeExecutionId(),
              s.index(),
              json.writeValueAsString(s.input()),
              now);
          messages.add(
              new OutboxMessage(
                  Topics.FUNCTION_REQUESTS,
                  run.id(),
                  EventTypes.FUNCTION_REQUESTED,
                  run.id(),
                  tenant,
                  new FunctionRequested(
                      s.executionId(), run.id(), s.node().id(), 1, s.function(), s.input(), 0)));
        }
        case Step.RunCompleted s -> {
          updated = updated.finish(RunStatus.COMPLETED, updated.outputsJson(), null, now);
          messages.add(
              runEvent(
                  tenant,
                  run,
                  EventTypes.RUN_COMPLETED,
                  new RunCompleted(run.id(), run.workflowId(), run.version(), s.outputs(), now)));
          childRunEnds.ended(
              new ChildRunOutcome(tenant, run.id(), RunStatus.COMPLETED, s.outputs(), null));
        }
        case Step.RunFailed s -> {
          updated =
              updated.finish(
                  RunStatus.FAILED,
                  updated.outputsJson(),
                  json.writeValueAsString(
                      Map.of(
                          "nodeId",
                          s.nodeId(),
                          "code",
                          s.error().code(),
                          "message",
                          s.error().message())),
                  now);
          messages.add(
              runEvent(
                  tenant,
                  run,
                  EventTypes.RUN_FAILED,
                  new RunFailed(
                      run.id(), run.workflowId(), run.version(), s.nodeId(), s.error(), now)));
          childRunEnds.ended(
              new ChildRunOutcome(tenant, run.id(), RunStatus.FAILED, null, s.error()));
        }
      }
    }
    if (updated.status() == RunStatus.WAITING && run.status() != RunStatus.WAITING) {
      messages.add(
          runEvent(
              tenant,
              run,
              EventTypes.RUN_WAITING,
              new RunWaiting(run.id(), run.workflowId(), run.version(), now)));
    }
    writes.updateRun(tenant, updated);
    if (updated.status().isFinal()) {
      timers.deleteForRun(tenant, run.id());
    }
    writes.append(messages);
    // Children start after the parent's own steps are written: a child's events follow the
    // parent's node.started in the outbox, and the parent row is final for this transition.
    if (!childRequests.isEmpty()) {
      writes.flush();
    }
    for (Step.ChildRunRequested request : childRequests) {
      childRuns.start(tenant, run.id(), request).ifPresent(child -> begin(tenant, child));
    }
    return updated;
  }

  /**
   * Inserts a child run and records its first transition, in writes of its own flushed at once. Its
   * own children start from here too, so a nesting of sub-workflows recurses through this class
   * rather than through a cycle of beans.
   */
  private void begin(String tenant, ChildRunStarter.ChildRun child) {
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

  /** A finished attempt's timeout will never matter: delete it now rather than when it is due. */
  private void deleteTimeout(String tenant, Node node, String executionId) {
    if ((node.kind() == NodeKind.ACTION || node.kind() == NodeKind.APPROVAL_GATE)
        && NodeSettings.timeout(node.config()).isPresent()) {
      timers.deleteForExecution(tenant, executionId);
    }
  }

  static OutboxMessage runEvent(String tenant, RunRow run, String type, Object payload) {
    // Run lifecycle events are keyed by the run id: one run's events stay on one partition.
    return new OutboxMessage(Topics.RUN_EVENTS, run.id(), type, run.id(), tenant, payload);
  }
}
