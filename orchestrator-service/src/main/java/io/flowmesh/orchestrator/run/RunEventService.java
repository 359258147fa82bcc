package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivers {@code POST /runs/{id}/events} to the approval gates waiting for that event name: each
 * completes with the event data as its output, in one transaction under the run row lock. A gate
 * also answers to {@code approval_<node id>}, the name the Workflow Builder's API raises.
 */
@Service
public class RunEventService {

  private static final String SEED_APPROVAL_PREFIX = "approval_";

  private final RunRepository runs;
  private final DefinitionService definitions;
  private final RunService runService;
  private final FunctionOutcomeService outcomes;
  private final StepRecorder recorder;
  private final PausedRuns pausedRuns;

  RunEventService(
      RunRepository runs,
      DefinitionService definitions,
      RunService runService,
      FunctionOutcomeService outcomes,
      StepRecorder recorder,
      PausedRuns pausedRuns) {
    this.runs = runs;
    this.definitions = definitions;
    this.runService = runService;
    this.outcomes = outcomes;
    this.recorder = recorder;
    this.pausedRuns = pausedRuns;
  }

  /**
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run finished or no gate waits for this event
   */
  @Transactional
  public RunView deliver(String tenant, String runId, String eventName, Object eventData) {
    RunRow run = runs.lock(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId));
    if (!run.status().allows(RunOperation.DELIVER_EVENT)) {
      throw new RunStateConflictException(
          "Run '" + runId + "' is " + run.status() + "; it no longer accepts events");
    }
    WorkflowDefinition definition =
        definitions.find(tenant, run.workflowId(), run.version()).orElseThrow().definition();
    Map<String, String> running = runs.runningExecutions(tenant, runId);
    TreeSet<String> awaited = new TreeSet<>();
    List<Map.Entry<String, String>> gates =
        running.entrySet().stream()
            .filter(
                entry -> {
                  Node node = definition.node(entry.getKey());
                  if (node == null || node.kind() != NodeKind.APPROVAL_GATE) {
                    return false;
                  }
                  awaited.add(node.eventName());
                  return eventName.equals(node.eventName())
                      || eventName.equals(SEED_APPROVAL_PREFIX + node.id());
                })
            .sorted(Map.Entry.comparingByKey())
            .toList();
    if (gates.isEmpty()) {
      throw new RunStateConflictException(
          "Run '"
              + runId
              + "' is not waiting for event '"
              + eventName
              + "'"
              + (awaited.isEmpty() ? "; no approval gate is waiting" : "; waiting for " + awaited));
    }
    RunState state = outcomes.state(tenant, run);
    RunRow current = run;
    for (Map.Entry<String, String> gate : gates) {
      List<Step> steps =
          runService
              .interpreter()
              .complete(definition, state, gate.getKey(), gate.getValue(), 1, eventData);
      // A paused run records the gate's completion; what follows waits for resume.
      FunctionOutcome outcome =
          new FunctionOutcome(tenant, runId, gate.getKey(), gate.getValue(), 1, eventData, null);
      RunRow before = current;
      current =
          pausedRuns
              .holdIfPaused(tenant, before, definition, steps, outcome)
              .orElseGet(() -> recorder.record(tenant, before, steps, definition, state));
    }
    return runService.get(tenant, runId);
  }
}
