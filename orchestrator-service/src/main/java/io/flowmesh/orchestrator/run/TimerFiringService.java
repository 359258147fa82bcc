package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.orchestrator.engine.TimerKind;
import io.flowmesh.orchestrator.timer.TimerFiring;
import io.flowmesh.orchestrator.timer.TimerRepository;
import io.flowmesh.orchestrator.timer.TimerRepository.DueTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fires due timers: a batch claimed with {@code FOR UPDATE SKIP LOCKED} in one transaction; each
 * timer locks its run, is applied through the interpreter if its attempt still waits for it, and is
 * deleted, all in that transaction. A timer whose run finished or whose attempt moved on (a result
 * arrived before the timeout, the run was cancelled) is deleted without effect. A child run's end
 * ({@link TimerKind#CHILD_ENDED}) is applied to its parent's sub-workflow node, an event the
 * correlation matched ({@link TimerKind#EVENT_CORRELATED}) to its waiting node.
 */
@Service
class TimerFiringService implements TimerFiring {

  private final TimerRepository timers;
  private final RunRepository runs;
  private final RunDefinitions runDefinitions;
  private final RunTransitions transitions;
  private final ChildRunOutcomeService childRuns;
  private final CorrelatedEventDelivery correlatedEvents;
  private final JsonMapper json;

  TimerFiringService(
      TimerRepository timers,
      RunRepository runs,
      RunDefinitions runDefinitions,
      RunTransitions transitions,
      ChildRunOutcomeService childRuns,
      CorrelatedEventDelivery correlatedEvents,
      JsonMapper json) {
    this.timers = timers;
    this.runs = runs;
    this.runDefinitions = runDefinitions;
    this.transitions = transitions;
    this.childRuns = childRuns;
    this.correlatedEvents = correlatedEvents;
    this.json = json;
  }

  /**
   * How soon a timer of a paused run is looked at again: while paused no node starts
   * (docs/runs.md), so its timer waits, and fires at most this long after the run is resumed.
   */
  static final Duration PAUSED_RECHECK = Duration.ofSeconds(5);

  @Override
  @Transactional
  public List<Firing> fireDue(int limit) {
    List<DueTimer> due = new ArrayList<>(timers.claimDue(limit));
    // Lock runs in one order, so two pollers' batches never wait for each other in a cycle.
    due.sort(
        Comparator.comparing((DueTimer timer) -> timer.tenant().value())
            .thenComparing(timer -> timer.runId().value()));
    List<Firing> fired = new ArrayList<>(due.size());
    for (DueTimer timer : due) {
      Optional<RunRow> run = transitions.tryLock(timer.tenant(), timer.runId());
      if (timer.kind() == TimerKind.CHILD_ENDED) {
        // a paused parent records its node's end and holds what follows (ChildRunOutcomeService)
        ChildRunOutcome child =
            json.readValue(timer.payload(), ChildRunOutcome.Stored.class).outcome();
        fired.add(
            new Firing(timer.kind(), timer.dueAt(), run.isPresent() && childRuns.apply(child)));
        timers.delete(timer.id());
        continue;
      }
      if (timer.kind() == TimerKind.EVENT_CORRELATED) {
        // delivered like an event posted to the run, which a paused run takes too
        fired.add(new Firing(timer.kind(), timer.dueAt(), correlatedEvents.deliver(timer, run)));
        timers.delete(timer.id());
        continue;
      }
      // Neither a paused nor a finished run allows FIRE_TIMER: the paused run's timers wait for
      // resume, the finished run's are dropped (fire).
      if (run.isPresent() && run.get().status() == RunStatus.PAUSED) {
        timers.postpone(timer.id(), PAUSED_RECHECK);
        continue;
      }
      fired.add(new Firing(timer.kind(), timer.dueAt(), fire(timer, run)));
      timers.delete(timer.id());
    }
    return fired;
  }

  private boolean fire(DueTimer timer, Optional<RunRow> locked) {
    if (locked.isEmpty() || !locked.get().status().allows(RunOperation.FIRE_TIMER)) {
      return false;
    }
    RunRow run = locked.get();
    // A retry attempt waits SCHEDULED for its backoff; a timer node, an action or a gate waits
    // RUNNING for its timer or timeout. Anything else means the attempt has moved on.
    String waiting = timer.kind() == TimerKind.RETRY ? "SCHEDULED" : "RUNNING";
    if (!runs.executionStatus(timer.tenant(), timer.executionId()).equals(Optional.of(waiting))) {
      return false;
    }
    Optional<WorkflowDefinition> readable =
        runDefinitions.forResult(
            timer.tenant(), run, timer.nodeId(), timer.executionId(), timer.attempt());
    if (readable.isEmpty()) {
      return true;
    }
    WorkflowDefinition definition = readable.get();
    RunState state = transitions.state(timer.tenant(), run);
    Object payload = timer.payload() == null ? null : json.readValue(timer.payload(), Object.class);
    List<Step> steps =
        transitions
            .engine()
            .timerFired(
                definition,
                state,
                timer.nodeId(),
                timer.executionId(),
                timer.attempt(),
                timer.kind(),
                payload);
    transitions.record(timer.tenant(), run, steps, definition, state);
    return true;
  }
}
