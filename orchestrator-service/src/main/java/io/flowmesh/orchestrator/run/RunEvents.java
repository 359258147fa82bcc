package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.outbox.OutboxMessage;

/** The outbox messages of a run's lifecycle ({@code run.*} and {@code node.*} events). */
final class RunEvents {

  private RunEvents() {}

  /** A lifecycle event of the run, keyed by its id: one run's events stay on one partition. */
  static OutboxMessage of(TenantId tenant, RunRow run, String type, Object payload) {
    return new OutboxMessage(
        Topics.RUN_EVENTS, run.id().value(), type, run.id().value(), tenant.value(), payload);
  }
}
