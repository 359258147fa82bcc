package io.flowmesh.orchestrator.run;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Advances the parents of finished child runs, a poll of run events in one transaction, each under
 * its parent's row lock. The sub-workflow node completes with {@code {runId, status, outputs}}; a
 * failed or cancelled child fails it ({@code onChildFailure: fail}, the default) or completes it
 * with {@code {runId, status, error}} ({@code continue}). A redelivered event, an event for a run
 * no node waits for, or one for a parent that finished changes nothing.
 */
@Service
public class ChildRunOutcomeService {

  private final SubRunRepository links;
  private final RunRepository runs;
  private final RunDefinitions runDefinitions;
  private final RunService runService;
  private final FunctionOutcomeService outcomes;
  private final StepRecorder recorder;
  private final PausedRuns pausedRuns;

  ChildRunOutcomeService(
      SubRunRepository links,
      RunRepository runs,
      RunDefinitions runDefinitions,
      RunService runService,
      FunctionOutcomeService outcomes,
      StepRecorder recorder,
      PausedRuns pausedRuns) {
    this.links = links;
    this.runs = runs;
    this.runDefinitions = runDefinitions;
    this.runService = runService;
    this.outcomes = outcomes;
    this.recorder = recorder;
    this.pausedRuns = pausedRuns;
  }

  /**
   * Those of these finished runs that a sub-workflow node started, in one query and outside a
   * transaction: every run's end passes here, and most runs are nobody's child.
   */
  public List<ChildRunOutcome> ofChildRuns(List<ChildRunOutcome> finished) {
    Set<TenantScoped> children =
        links.childrenAmong(
            finished.stream().map(o -> new TenantScoped(o.tenant(), o.runId())).toList());
    return finished.stream()
        .filter(o -> children.contains(new TenantScoped(o.tenant(), o.runId())))
        .toList();
  }

  @Transactional
  public void apply(List<ChildRunOutcome> finished) {
    finished.forEach(this::applyOne);
  }

  private void applyOne(ChildRunOutcome child) {
    Optional<SubRunRepository.Link> link = links.ofChild(child.tenant(), child.runId());
    if (link.isEmpty()) {
      return;
    }
    String tenant = child.tenant();
    SubRunRepository.Link waiting = link.get();
    RunRow parent = runs.lock(tenant, waiting.parentRunId()).orElseThrow();
    Optional<String> execution = runs.executionStatus(tenant, waiting.parentExecutionId());
    if (parent.status().isFinal() || !execution.equals(Optional.of("RUNNING"))) {
      return;
    }
    Optional<WorkflowDefinition> readable =
        runDefinitions.forResult(
            tenant, parent, waiting.parentNodeId(), waiting.parentExecutionId(), 1);
    if (readable.isEmpty()) {
      return;
    }
    WorkflowDefinition definition = readable.get();
    RunState state = outcomes.state(tenant, parent);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("runId", child.runId());
    output.put("status", child.status().name());
    List<Step> steps;
    ExecutionError failure = null;
    if (child.status() == RunStatus.COMPLETED) {
      output.put("outputs", child.outputs());
      steps = complete(definition, state, waiting, output);
    } else if ("continue".equals(waiting.onChildFailure())) {
      output.put("error", child.error());
      steps = complete(definition, state, waiting, output);
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
      steps =
          runService
              .interpreter()
              .fail(
                  definition,
                  state,
                  waiting.parentNodeId(),
                  waiting.parentExecutionId(),
                  1,
                  failure);
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
    if (pausedRuns.holdIfPaused(tenant, parent, definition, steps, outcome).isEmpty()) {
      recorder.record(tenant, parent, steps, definition, state);
    }
  }

  private List<Step> complete(
      WorkflowDefinition definition,
      RunState state,
      SubRunRepository.Link waiting,
      Map<String, Object> output) {
    return runService
        .interpreter()
        .complete(
            definition, state, waiting.parentNodeId(), waiting.parentExecutionId(), 1, output);
  }
}
