package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides what a retry from the failed node runs again ({@link RunRetryService}): the failed node,
 * on the run's own definition version or the workflow's latest, and the nodes that were still
 * running when the run failed, unless what they wait for cannot have been lost. Refuses, naming the
 * node, when one of them does not exist or cannot run again in the target version. Reads only.
 */
@Component
class RetryPlanner {

  /**
   * What runs again.
   *
   * @param target the definition version the run continues on
   * @param failedNode the node the run failed at
   * @param supersede node id to execution id of the running attempts that are replaced by new ones
   * @param again the nodes to run as new attempts: the superseded ones, then the failed node last,
   *     so that only the last transition can find nothing running and complete the run
   */
  record Plan(
      StoredDefinition target,
      String failedNode,
      Map<String, String> supersede,
      List<String> again) {}

  private final RunRepository runs;
  private final RunOperationsRepository operations;
  private final DefinitionService definitions;
  private final SubRunRepository links;
  private final JsonMapper json;

  RetryPlanner(
      RunRepository runs,
      RunOperationsRepository operations,
      DefinitionService definitions,
      SubRunRepository links,
      JsonMapper json) {
    this.runs = runs;
    this.operations = operations;
    this.definitions = definitions;
    this.links = links;
    this.json = json;
  }

  /**
   * @throws RunStateConflictException if the run has no failed node, or a node to run again does
   *     not exist or cannot run again in the target version
   */
  Plan plan(TenantId tenant, RunRow failed, boolean onLatestVersion) {
    RunId runId = failed.id();
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
    Map<String, String> supersede = new TreeMap<>();
    Set<String> childRunning = links.executionsWithUnfinishedChild(tenant, runId);
    running.forEach(
        (node, executionId) -> {
          Node current = definition.node(node);
          if (Interpreter.isRetryable(current) && !stillWaits(current, executionId, childRunning)) {
            supersede.put(node, executionId);
          }
        });
    List<String> again = new ArrayList<>(supersede.keySet());
    again.add(failedNode);
    return new Plan(target, failedNode, supersede, again);
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
      case APPROVAL_GATE, WAIT_FOR_EVENT, MANUAL_TASK -> true;
      case SUB_WORKFLOW -> childRunning.contains(executionId);
      default -> false;
    };
  }

  /** The node named in the run's error, else the node of its latest failed attempt. */
  private Optional<String> failedNode(TenantId tenant, RunRow run) {
    if (run.errorJson() != null) {
      Object nodeId = json.readValue(run.errorJson(), Map.class).get("nodeId");
      if (nodeId instanceof String id) {
        return Optional.of(id);
      }
    }
    return operations.lastFailedNode(tenant, run.id());
  }

  private StoredDefinition targetVersion(TenantId tenant, RunRow run, boolean latest) {
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
