package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.RunRetried;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retry from the failed node: a FAILED run runs its failed node again as a new attempt and becomes
 * RUNNING, on its own definition version or on the workflow's latest. Nodes that were still running
 * when the run failed run again too, as new attempts: their results may have arrived while the run
 * was failed, and those are ignored, so waiting for them could wait forever; only nodes whose
 * awaited input cannot have been lost go on waiting (an approval gate, a manual task, a
 * sub-workflow whose child still runs). One transaction under the run row lock.
 */
@Service
public class RunRetryService {

  private final RetryPlanner planner;
  private final RunOperationsRepository operations;
  private final RunTransitions transitions;
  private final RunService runService;
  private final Outbox outbox;
  private final ForEachResults forEachResults;

  RunRetryService(
      RetryPlanner planner,
      RunOperationsRepository operations,
      RunTransitions transitions,
      RunService runService,
      Outbox outbox,
      ForEachResults forEachResults) {
    this.planner = planner;
    this.operations = operations;
    this.transitions = transitions;
    this.runService = runService;
    this.outbox = outbox;
    this.forEachResults = forEachResults;
  }

  /**
   * @param onLatestVersion move the run to the workflow's latest definition version first
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run did not fail, or the node to run again does not
   *     exist (or cannot run again) in the target version
   */
  @Transactional
  public RunView retry(TenantId tenant, RunId runId, boolean onLatestVersion) {
    RunRow failed =
        transitions.lockFor(
            RunOperation.RETRY,
            tenant,
            runId,
            locked ->
                "Run '"
                    + runId
                    + "' is "
                    + locked.status()
                    + "; only a FAILED run can be retried from its failed node");
    RetryPlanner.Plan plan = planner.plan(tenant, failed, onLatestVersion);
    StoredDefinition target = plan.target();
    WorkflowDefinition definition = target.definition();

    Instant now = Instant.now();
    plan.supersede()
        .values()
        .forEach(executionId -> operations.supersede(tenant, executionId, now));
    operations.reopen(tenant, runId, target.version());
    RunRow run =
        new RunRow(
            failed.id(),
            failed.workflowId(),
            target.version(),
            RunStatus.RUNNING,
            failed.triggerJson(),
            failed.outputsJson(),
            null,
            failed.startedAt(),
            null);
    int attempt = operations.lastAttempt(tenant, runId, plan.failedNode()) + 1;
    outbox.append(
        RunEvents.of(
            tenant,
            run,
            EventTypes.RUN_RETRIED,
            new RunRetried(
                runId.value(),
                run.workflowId().value(),
                failed.version(),
                target.version(),
                plan.failedNode(),
                attempt,
                now)));
    RunState state = transitions.state(tenant, run);
    List<Step> steps = new ArrayList<>();
    for (String node : plan.again()) {
      Object previousInput = operations.lastInput(tenant, runId, node).orElse(null);
      int next = operations.lastAttempt(tenant, runId, node) + 1;
      steps.addAll(again(tenant, runId, definition, state, node, next, previousInput));
      if (steps.stream().anyMatch(step -> step instanceof Step.RunFailed)) {
        break; // e.g. a template that no longer resolves: the run fails again at once
      }
    }
    transitions.record(tenant, run, steps, definition, state);
    return runService.get(tenant, runId);
  }

  /**
   * Runs the node as a new attempt. A for-each keeps the outputs of the items its latest attempt
   * completed and calls only the others: their side effects happened already.
   */
  private List<Step> again(
      TenantId tenant,
      RunId runId,
      WorkflowDefinition definition,
      RunState state,
      String node,
      int attempt,
      Object previousInput) {
    if (definition.node(node).kind() != NodeKind.FOR_EACH) {
      return transitions.engine().retry(definition, state, node, attempt, previousInput);
    }
    Map<Integer, Object> completed =
        operations
            .lastExecutionId(tenant, runId, node)
            .map(executionId -> forEachResults.completedOutputs(tenant, executionId))
            .orElse(Map.of());
    return transitions
        .engine()
        .retryForEach(definition, state, node, attempt, previousInput, completed);
  }
}
