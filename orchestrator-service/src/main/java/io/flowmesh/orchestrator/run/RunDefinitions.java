package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.model.run.NodeFailed;
import io.flowmesh.model.run.RunFailed;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.UnreadableDefinitionException;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.timer.TimerRepository;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The definition a result (function result, child run end, timer) is applied with. A saved version
 * that no longer parses would otherwise throw on every redelivery and fail its whole Kafka batch
 * (or timer batch) forever, stalling every other run on those partitions: instead the run fails, in
 * the caller's transaction, with {@code DEFINITION_UNREADABLE} naming the version and why, on the
 * attempt whose result arrived, so a retry on a fixed version runs that node again.
 */
@Component
class RunDefinitions {

  static final String UNREADABLE = "DEFINITION_UNREADABLE";

  private static final Logger log = LoggerFactory.getLogger(RunDefinitions.class);

  private final DefinitionService definitions;
  private final RunRepository runs;
  private final TimerRepository timers;
  private final Outbox outbox;
  private final ChildRunEnds childRunEnds;
  private final JsonMapper json;

  RunDefinitions(
      DefinitionService definitions,
      RunRepository runs,
      TimerRepository timers,
      Outbox outbox,
      ChildRunEnds childRunEnds,
      JsonMapper json) {
    this.definitions = definitions;
    this.runs = runs;
    this.timers = timers;
    this.outbox = outbox;
    this.childRunEnds = childRunEnds;
    this.json = json;
  }

  /**
   * The run's definition; empty if it no longer parses, in which case the run has failed.
   *
   * @param nodeId the node whose attempt the result is for
   * @param executionId that attempt, failed with the run
   */
  Optional<WorkflowDefinition> forResult(
      TenantId tenant, RunRow run, String nodeId, String executionId, int attempt) {
    try {
      return Optional.of(
          definitions.find(tenant, run.workflowId(), run.version()).orElseThrow().definition());
    } catch (UnreadableDefinitionException e) {
      log.error("Failing run {}: {}", run.id(), e.getMessage());
      fail(tenant, run, nodeId, executionId, attempt, e.getMessage());
      return Optional.empty();
    }
  }

  private void fail(
      TenantId tenant, RunRow run, String nodeId, String executionId, int attempt, String message) {
    Instant now = Instant.now();
    ExecutionError error = new ExecutionError(UNREADABLE, message, false);
    runs.finishExecutions(
        List.of(
            new TransitionWrites.FinishedAttempt(
                tenant, executionId, "FAILED", null, json.writeValueAsString(error), now)));
    Map<String, Object> runError = new LinkedHashMap<>();
    runError.put("nodeId", nodeId);
    runError.put("code", UNREADABLE);
    runError.put("message", message);
    runs.update(
        tenant,
        run.finish(RunStatus.FAILED, run.outputsJson(), json.writeValueAsString(runError), now));
    timers.deleteForRun(tenant, run.id());
    outbox.appendAll(
        List.of(
            RunEvents.of(
                tenant,
                run,
                EventTypes.NODE_FAILED,
                new NodeFailed(run.id().value(), nodeId, attempt, error, now)),
            RunEvents.of(
                tenant,
                run,
                EventTypes.RUN_FAILED,
                new RunFailed(
                    run.id().value(),
                    run.workflowId().value(),
                    run.version(),
                    nodeId,
                    error,
                    now))));
    childRunEnds.ended(new ChildRunOutcome(tenant, run.id(), RunStatus.FAILED, null, error));
  }
}
