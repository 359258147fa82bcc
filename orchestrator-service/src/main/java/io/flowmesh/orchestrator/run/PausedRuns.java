package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.NodeWaiting;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens to a result that arrives while its run is paused. The attempt is recorded at once
 * (the node completes or fails, with its output or error, and its event goes out), but the rest of
 * the transition the interpreter computed (successors starting, the run finishing) is not: the
 * outcome is held in {@code run_held_outcomes}, each successor that would have started gets a
 * {@code node.waiting} event, and {@link RunPauseService#resume} replays the outcome later. All in
 * the caller's transaction, under the run row lock.
 */
@Component
class PausedRuns {

  /** The {@code reason} of {@code node.waiting} events for nodes held by a pause. */
  static final String RUN_PAUSED = "run-paused";

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final RunOperationsRepository operations;
  private final StepRecorder recorder;
  private final Outbox outbox;
  private final JsonMapper json;

  PausedRuns(
      RunOperationsRepository operations, StepRecorder recorder, Outbox outbox, JsonMapper json) {
    this.operations = operations;
    this.recorder = recorder;
    this.outbox = outbox;
    this.json = json;
  }

  /**
   * Holds the transition if the run is paused.
   *
   * @param steps what the interpreter computed for the outcome, starting with the attempt's own
   *     completion or failure
   * @return the run row as updated if the run is paused (the caller records nothing more), else
   *     empty (the caller records the steps as usual)
   */
  Optional<RunRow> holdIfPaused(
      TenantId tenant,
      RunRow run,
      WorkflowDefinition definition,
      List<Step> steps,
      FunctionOutcome outcome) {
    if (run.status() != RunStatus.PAUSED) {
      return Optional.empty();
    }
    // Without its own step (an interpreter path that finishes the attempt later), nothing is
    // recorded now and the whole outcome is held: resume then records all of it.
    int own = ownStep(steps, outcome.executionId());
    Map<String, Object> outputs = new HashMap<>(json.readValue(run.outputsJson(), MAP));
    if (own >= 0 && outcome.error() == null) {
      outputs.put(outcome.nodeId(), outcome.output());
    }
    RunRow updated = recorder.recordWhilePaused(tenant, run, steps.subList(0, own + 1), outputs);
    List<Step> rest = steps.subList(own + 1, steps.size());
    if (!rest.isEmpty()) {
      Instant now = Instant.now();
      operations.hold(tenant, run.id(), outcome, now);
      for (Node waiting : wouldStart(definition, outcome.nodeId(), rest)) {
        outbox.append(
            RunEvents.of(
                tenant,
                run,
                EventTypes.NODE_WAITING,
                new NodeWaiting(
                    run.id().value(), waiting.id(), waiting.kind().wireName(), RUN_PAUSED, now)));
      }
    }
    return Optional.of(updated);
  }

  /** The index of the attempt's own completion or failure among the steps; -1 if none. */
  static int ownStep(List<Step> steps, String executionId) {
    for (int i = 0; i < steps.size(); i++) {
      if (isOwn(steps.get(i), executionId)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the step is the attempt's own completion or failure (recorded when it arrived). */
  static boolean isOwn(Step step, String executionId) {
    return (step instanceof Step.NodeCompleted c && c.executionId().equals(executionId))
        || (step instanceof Step.NodeFailed f && f.executionId().equals(executionId));
  }

  /** The direct successors of the node that the held part of the transition starts. */
  private static Set<Node> wouldStart(
      WorkflowDefinition definition, String nodeId, List<Step> rest) {
    List<String> successors = new ArrayList<>();
    definition.successors(nodeId).forEach(node -> successors.add(node.id()));
    Set<Node> starting = new LinkedHashSet<>();
    for (Step step : rest) {
      if (step instanceof Step.NodeStarted started && successors.contains(started.node().id())) {
        starting.add(started.node());
      }
    }
    return starting;
  }
}
