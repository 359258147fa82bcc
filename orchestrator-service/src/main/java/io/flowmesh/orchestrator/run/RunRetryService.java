package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.run.RunRetried;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

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

  private final RunRepository runs;
  private final RunOperationsRepository operations;
  private final DefinitionService definitions;
  private final RunService runService;
  private final FunctionOutcomeService outcomes;
  private final StepRecorder recorder;
  private final Outbox outbox;
  private final JsonMapper json;
  private final SubRunRepository links;
  private final ForEachResults forEachResults;

  RunRetryService(
      RunRepository runs,
      RunOperationsRepository operations,
      DefinitionService definitions,
      RunService runService,
      FunctionOutcomeService outcomes,
      StepRecorder recorder,
      Outbox outbox,
      JsonMapper json,
      SubRunRepository links,
      ForEachResults forEachResults) {
    this.runs = runs;
    this.operations = operations;
    this.definitions = definitions;
    this.runService = runService;
    this.outcomes = outcomes;
    this.recorder = recorder;
    this.outbox = outbox;
    this.json = json;
    this.links = links;
    this.forEachResults = forEachResults;
  }

  /**
   * @param onLatestVersion move the run to the workflow's latest definition version first
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run did not fail, or the node to run again does not
   *     exist (or cannot run again) in the target version
   */
  @Transactional
  public RunView retry(String tenant, String runId, boolean onLatestVersion) {
    RunRow failed = runs.lock(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId));
    if (!failed.status().allows(RunOperation.RETRY)) {
      throw new RunStateConflictException(
          "Run '"
              + runId
              + "' is "
              + failed.status()
              + "; only a FAILED run can be retried from its failed node");
    }
    String failedNode =
        failedNode(tenant, failed)
            .orElseThrow(
                () ->
                    new RunStateConflictException(
                        "Run '" + runId + "' has no failed node to run again"));
    StoredDefinition target = targetVersion(tenant, failed, onLatestVersion);
    WorkflowDefinition definition = target.definition();
    // node id -> execution id, in node order so attempts start in a stable order
    Map<String, String> running = new TreeMap<>(runs.runningExecutions(tenant, runId));
    requireRetryable(failed, target, failedNode, "(the failed node)");
    for (String node : running.keySet()) {
      if (definition.node(node) == null) {
        requireRetryable(failed, target, node, "(running when the run failed)");
      }
    }

    Instant now = Instant.now();
    // The nodes that were running first, the failed node last: only the last transition can find
    // nothing running and complete the run.
    List<String> again = new ArrayList<>();
    Set<String> childRunning = links.executionsWithUnfinishedChild(tenant, runId);
    running.forEach(
        (node, executionId) -> {
          Node current = definition.node(node);
          if (Interpreter.isRetryable(current) && !stillWaits(current, executionId, childRunning)) {
            operations.supersede(tenant, executionId, now);
            again.add(node);
          }
        });
    again.add(failedNode);
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
    int attempt = operations.lastAttempt(tenant, runId, failedNode) + 1;
    outbox.append(
        StepRecorder.runEvent(
            tenant,
            run,
            EventTypes.RUN_RETRIED,
            new RunRetried(
                runId,
                run.workflowId(),
                failed.version(),
                target.version(),
                failedNode,
                attempt,
                now)));
    RunState state = outcomes.state(tenant, run);
    List<Step> steps = new ArrayList<>();
    for (String node : again) {
      Object previousInput = operations.lastInput(tenant, runId, node).orElse(null);
      int next = operations.lastAttempt(tenant, runId, node) + 1;
      steps.addAll(again(tenant, runId, definition, state, node, next, previousInput));
      if (steps.stream().anyMatch(step -> step instanceof Step.RunFailed)) {
        break; // e.g. a template that no longer resolves: the run fails again at once
      }
    }
    recorder.record(tenant, run, steps, definition, state);
    return runService.get(tenant, runId);
  }

  /**
   * Whether a node that was running when the run failed can go on waiting instead of running again:
   * nothing it waits for was lost while the run was failed. An approval gate's event and a manual
   * task's completion were refused (409), so the gate and the task are still open; a sub-workflow
   * whose child has not finished will hear of its end. A sub-workflow whose child finished
   * meanwhile missed that end (the parent was final) and starts a new child.
   */
  private static boolean stillWaits(Node node, String executionId, Set<String> childRunning) {
    return switch (node.kind()) {
      case APPROVAL_GATE, MANUAL_TASK -> true;
      case SUB_WORKFLOW -> childRunning.contains(executionId);
      default -> false;
    };
  }

  /**
   * Runs the node as a new attempt. A for-each keeps the outputs of the items its latest attempt
   * completed and calls only the others: their side effects happened already.
   */
  private List<Step> again(
      String tenant,
      String runId,
      WorkflowDefinition definition,
      RunState state,
      String node,
      int attempt,
      Object previousInput) {
    if (definition.node(node).kind() != NodeKind.FOR_EACH) {
      return runService.interpreter().retry(definition, state, node, attempt, previousInput);
    }
    Map<Integer, Object> completed =
        operations
            .lastExecutionId(tenant, runId, node)
            .map(executionId -> forEachResults.completedOutputs(tenant, executionId))
            .orElse(Map.of());
    return runService
        .interpreter()
        .retryForEach(definition, state, node, attempt, previousInput, completed);
  }

  /** The node named in the run's error, else the node of its latest failed attempt. */
  private Optional<String> failedNode(String tenant, RunRow run) {
    if (run.errorJson() != null) {
      Object nodeId = json.readValue(run.errorJson(), Map.class).get("nodeId");
      if (nodeId instanceof String id) {
        return Optional.of(id);
      }
    }
    return operations.lastFailedNode(tenant, run.id());
  }

  private StoredDefinition targetVersion(String tenant, RunRow run, boolean latest) {
    return (latest
            ? definitions.latest(tenant, run.workflowId())
            : definitions.find(tenant, run.workflowId(), run.version()))
        .orElseThrow();
  }

  private static void requireRetryable(
      RunRow run, StoredDefinition target, String nodeId, String role) {
    Node node = target.definition().node(nodeId);
    String where = "version " + target.version() + " of workflow '" + run.workflowId() + "'";
    if (node == null) {
      throw new RunStateConflictException(
          "Node '"
              + nodeId
              + "' "
              + role
              + " does not exist in "
              + where
              + "; retry on the run's own version "
              + run.version()
              + " or add the node back");
    }
    if (!Interpreter.isRetryable(node)) {
      throw new RunStateConflictException(
          "Node '"
              + nodeId
              + "' is a "
              + (node.enabled() ? node.kind().wireName() : "disabled")
              + " node in "
              + where
              + " and cannot run again; only action, condition, switch, approval-gate,"
              + " manual-task, sub-workflow and for-each nodes can");
    }
  }
}
