package io.flowmesh.orchestrator.run;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.orchestrator.correlation.EventWaits;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.orchestrator.timer.TimerRepository;
import io.flowmesh.orchestrator.timer.TimerSignal;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the steps that make a run wait for time, for a person or for an event: a durable timer
 * (the poller is woken after commit if it is due before what it waits for), a manual task, and an
 * open wait for an event.
 */
@Component
class WaitSteps {

  private final TimerRepository timers;
  private final TimerSignal timerSignal;
  private final ManualTaskRepository tasks;
  private final EventWaits eventWaits;
  private final JsonMapper json;

  WaitSteps(
      TimerRepository timers,
      TimerSignal timerSignal,
      ManualTaskRepository tasks,
      EventWaits eventWaits,
      JsonMapper json) {
    this.timers = timers;
    this.timerSignal = timerSignal;
    this.tasks = tasks;
    this.eventWaits = eventWaits;
    this.json = json;
  }

  /** An open wait for an event, which accepted events are correlated with (ADR 0036). */
  void eventAwaited(Recording r, Step.EventAwaited s) {
    eventWaits.record(
        r.tenant,
        r.run.id(),
        s.node().id(),
        s.executionId(),
        s.eventName(),
        s.correlation(),
        r.now);
  }

  void timerSet(Recording r, Step.TimerSet s) {
    timers.insert(
        r.tenant,
        r.run.id(),
        s.node().id(),
        s.executionId(),
        s.attempt(),
        s.kind(),
        s.dueAt(),
        s.payload() == null ? null : json.writeValueAsString(s.payload()));
    timerSignal.afterCommit(s.dueAt());
  }

  void taskOpened(Recording r, Step.TaskOpened s) {
    r.writes.flush(); // the task refers to its attempt
    Object form = s.node().config().get("form");
    tasks.insert(
        r.tenant,
        UuidV7.prefixed("tsk"),
        r.run.id(),
        s.node().id(),
        s.executionId(),
        s.assignee(),
        json.writeValueAsString(s.details()),
        s.node().config().containsKey("form") ? json.writeValueAsString(form) : null,
        r.now);
  }
}
