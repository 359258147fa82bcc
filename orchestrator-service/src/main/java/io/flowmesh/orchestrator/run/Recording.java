package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One transition being recorded by {@link StepRecorder}: the run as it was, the row as the steps so
 * far left it, and what the step writers add (writes held in {@link TransitionWrites}, outbox
 * messages in step order, child runs to start once the parent's own steps are written).
 */
final class Recording {

  final TenantId tenant;
  final RunRow run;
  final Instant now;
  final TransitionWrites writes;
  final List<OutboxMessage> messages = new ArrayList<>();
  final List<Step.ChildRunRequested> childRequests = new ArrayList<>();
  private RunRow updated;

  Recording(TenantId tenant, RunRow run, RunRow updated, Instant now, TransitionWrites writes) {
    this.tenant = tenant;
    this.run = run;
    this.updated = updated;
    this.now = now;
    this.writes = writes;
  }

  /** The run row as the steps recorded so far left it. */
  RunRow updated() {
    return updated;
  }

  void update(RunRow row) {
    updated = row;
  }

  /** Appends a lifecycle event of the run to this transition's outbox messages. */
  void runEvent(String type, Object payload) {
    messages.add(RunEvents.of(tenant, run, type, payload));
  }
}
