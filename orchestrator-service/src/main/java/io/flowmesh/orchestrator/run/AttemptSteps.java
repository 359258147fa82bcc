package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.NodeCompleted;
import io.flowmesh.model.run.NodeFailed;
import io.flowmesh.model.run.NodeStarted;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.orchestrator.timer.TimerRepository;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the steps of node attempts: one started, completed or failed ({@code run_nodes} rows held
 * in the transition's writes, with their {@code node.*} events), and a retry attempt scheduled for
 * its backoff.
 */
@Component
class AttemptSteps {

  private final RunRepository runs;
  private final TimerRepository timers;
  private final JsonMapper json;
  private final RunMeters meters;

  AttemptSteps(RunRepository runs, TimerRepository timers, JsonMapper json, RunMeters meters) {
    this.runs = runs;
    this.timers = timers;
    this.json = json;
    this.meters = meters;
  }

  void started(Recording r, Step.NodeStarted s) {
    r.writes.startAttempt(
        r.tenant,
        s.executionId(),
        r.run.id(),
        s.node().id(),
        s.attempt(),
        json.writeValueAsString(s.input()),
        r.now);
    r.runEvent(
        EventTypes.NODE_STARTED,
        new NodeStarted(
            r.run.id().value(),
            s.node().id(),
            s.node().kind().wireName(),
            s.attempt(),
            s.input(),
            r.now));
  }

  void completed(Recording r, Step.NodeCompleted s) {
    r.writes.finishAttempt(
        r.tenant, s.executionId(), "COMPLETED", json.writeValueAsString(s.output()), null, r.now);
    deleteTimeout(r.tenant, s.node(), s.executionId());
    meters.nodeEnded(s.node().kind(), s.executionId(), "completed", r.now);
    r.runEvent(
        EventTypes.NODE_COMPLETED,
        new NodeCompleted(r.run.id().value(), s.node().id(), s.attempt(), s.output(), r.now));
  }

  void failed(Recording r, Step.NodeFailed s) {
    r.writes.finishAttempt(
        r.tenant, s.executionId(), "FAILED", null, json.writeValueAsString(s.error()), r.now);
    deleteTimeout(r.tenant, s.node(), s.executionId());
    meters.nodeEnded(s.node().kind(), s.executionId(), "failed", r.now);
    r.runEvent(
        EventTypes.NODE_FAILED,
        new NodeFailed(r.run.id().value(), s.node().id(), s.attempt(), s.error(), r.now));
  }

  void scheduled(Recording r, Step.AttemptScheduled s) {
    r.writes.flush();
    runs.insertScheduledExecution(
        r.tenant, s.executionId(), r.run.id(), s.node().id(), s.attempt(), r.now);
  }

  /** A finished attempt's timeout will never matter: delete it now rather than when it is due. */
  private void deleteTimeout(TenantId tenant, Node node, String executionId) {
    if ((node.kind() == NodeKind.ACTION
            || node.kind() == NodeKind.APPROVAL_GATE
            || node.kind() == NodeKind.WAIT_FOR_EVENT)
        && NodeSettings.timeout(node.config()).isPresent()) {
      timers.deleteForExecution(tenant, executionId);
    }
  }
}
