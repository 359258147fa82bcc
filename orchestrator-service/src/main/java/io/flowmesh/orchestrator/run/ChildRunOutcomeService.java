package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Advances the parent of a finished child run under the parent's row lock, when the child's {@link
 * io.flowmesh.orchestrator.engine.TimerKind#CHILD_ENDED} timer fires ({@link ChildRunEnds}). The
 * sub-workflow node completes with {@code {runId, status, outputs}}; a failed or cancelled child
 * fails it ({@code onChildFailure: fail}, the default) or completes it with {@code {runId, status,
 * error}} ({@code continue}). An end that no node waits for any more (the parent finished, or its
 * node timed out or was retried with a new child) changes nothing.
 */
@Service
class ChildRunOutcomeService {

  private final SubRunRepository links;
  private final RunRepository runs;
  private final RunDefinitions runDefinitions;
  private final RunTransitions transitions;

  ChildRunOutcomeService(
      SubRunRepository links,
      RunRepository runs,
      RunDefinitions runDefinitions,
      RunTransitions transitions) {
    this.links = links;
    this.runs = runs;
    this.runDefinitions = runDefinitions;
    this.transitions = transitions;
  }

  /**
   * Applies a child's end to the sub-workflow node waiting for it, in the caller's transaction
   * (which fires the child's {@link io.flowmesh.orchestrator.engine.TimerKind#CHILD_ENDED} timer).
   *
   * @return false if nothing waited for it any more: the parent finished, or its node execution
   *     moved on (timed out, was retried with a new child)
   */
  boolean apply(ChildRunOutcome child) {
    Optional<SubRunRepository.Link> link = links.ofChild(child.tenant(), child.runId());
    if (link.isEmpty()) {
      return false;
    }
    TenantId tenant = child.tenant();
    SubRunRepository.Link waiting = link.get();
    RunRow parent = transitions.tryLock(tenant, waiting.parentRunId()).orElseThrow();
    Optional<String> execution = runs.executionStatus(tenant, waiting.parentExecutionId());
    if (!parent.status().allows(RunOperation.RECORD_RESULT)
        || !execution.equals(Optional.of("RUNNING"))) {
      return false;
    }
    Optional<WorkflowDefinition> readable =
        runDefinitions.forResult(
            tenant, parent, waiting.parentNodeId(), waiting.parentExecutionId(), 1);
    if (readable.isEmpty()) {
      return true;
    }
    WorkflowDefinition definition = readable.get();
    RunState state = transitions.state(tenant, parent);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("runId", child.runId().value());
    output.put("status", child.status().name());
    ExecutionError failure = null;
    if (child.status() == RunStatus.COMPLETED) {
      output.put("outputs", child.outputs());
    } else if ("continue".equals(waiting.onChildFailure())) {
      output.put("error", child.error());
    } else {
      failure =
          new ExecutionError(
              child.status() == RunStatus.CANCELLED ? "CHILD_RUN_CANCELLED" : "CHILD_RUN_FAILED",
              "sub-workflow node '"
                  + waiting.parentNodeId()
                  + "': child run '"
                  + child.runId()
                  + "' "
                  + (child.status() == RunStatus.CANCELLED ? "was cancelled" : "failed")
                  + (child.error() == null
                      ? ""
                      : ": " + child.error().code() + ": " + child.error().message()),
              false);
    }
    // A paused parent records the node's completion or failure; what follows waits for resume.
    FunctionOutcome outcome =
        new FunctionOutcome(
            tenant,
            parent.id(),
            waiting.parentNodeId(),
            waiting.parentExecutionId(),
            1,
            failure == null ? output : null,
            failure);
    List<Step> steps = transitions.decide(definition, state, outcome);
    transitions.recordOutcome(tenant, parent, definition, state, steps, outcome);
    return true;
  }
}
