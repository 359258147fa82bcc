package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.run.RunEventCorrelated;
import io.flowmesh.orchestrator.correlation.CorrelatedEvent;
import io.flowmesh.orchestrator.correlation.EventWaits;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.orchestrator.timer.TimerRepository.DueTimer;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers an event the correlation matched to a waiting node (an {@code EVENT_CORRELATED} timer),
 * as {@link RunEventService#deliver} delivers one sent to the run: under the run's lock, only if
 * the run accepts events and the attempt still waits, the node completes (a paused run records the
 * completion and holds what follows). An approval gate completes with the event's data, as when the
 * event is posted to the run; a wait-for-event node with the whole CloudEvent. The run's events
 * show which event it was ({@code run.event-correlated}, just before the node's completion).
 */
@Component
class CorrelatedEventDelivery {

  private final RunRepository runs;
  private final RunDefinitions runDefinitions;
  private final RunTransitions transitions;
  private final EventWaits waits;
  private final Outbox outbox;
  private final JsonMapper json;

  CorrelatedEventDelivery(
      RunRepository runs,
      RunDefinitions runDefinitions,
      RunTransitions transitions,
      EventWaits waits,
      Outbox outbox,
      JsonMapper json) {
    this.runs = runs;
    this.runDefinitions = runDefinitions;
    this.transitions = transitions;
    this.waits = waits;
    this.outbox = outbox;
    this.json = json;
  }

  /** True if the node completed with the event; false if the run or the attempt moved on. */
  boolean deliver(DueTimer timer, Optional<RunRow> locked) {
    if (locked.isEmpty()) {
      return false;
    }
    RunRow run = locked.get();
    boolean waiting =
        runs.executionStatus(timer.tenant(), timer.executionId()).equals(Optional.of("RUNNING"));
    if (!run.status().allows(RunOperation.DELIVER_EVENT)) {
      if (waiting) {
        waits.reopen(timer.tenant(), timer.executionId()); // a retried run waits on
      }
      return false;
    }
    if (!waiting) {
      return false;
    }
    Optional<WorkflowDefinition> readable =
        runDefinitions.forResult(
            timer.tenant(), run, timer.nodeId(), timer.executionId(), timer.attempt());
    if (readable.isEmpty()) {
      return true;
    }
    WorkflowDefinition definition = readable.get();
    CorrelatedEvent event = json.readValue(timer.payload(), CorrelatedEvent.class);
    Node node = definition.node(timer.nodeId());
    Object output = node.kind() == NodeKind.APPROVAL_GATE ? event.data() : event.event();
    outbox.append(
        RunEvents.of(
            timer.tenant(),
            run,
            EventTypes.RUN_EVENT_CORRELATED,
            new RunEventCorrelated(
                run.id().value(),
                node.id(),
                timer.attempt(),
                event.storedId(),
                (String) event.event().get("id"),
                (String) event.event().get("source"),
                (String) event.event().get("type"),
                Instant.now())));
    FunctionOutcome outcome =
        new FunctionOutcome(
            timer.tenant(),
            run.id(),
            node.id(),
            timer.executionId(),
            timer.attempt(),
            output,
            null);
    RunState state = transitions.state(timer.tenant(), run);
    List<Step> steps = transitions.decide(definition, state, outcome);
    transitions.recordOutcome(timer.tenant(), run, definition, state, steps, outcome);
    waits.delivered(timer.tenant(), timer.executionId());
    return true;
  }
}
