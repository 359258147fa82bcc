package io.flowmesh.orchestrator.builder;

import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.SeedOutputs;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.orchestrator.run.RunView;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps a run to the Workflow Builder's status shape. */
final class WorkflowStatusMapping {

  private WorkflowStatusMapping() {}

  static WorkflowStatus of(RunView run, WorkflowDefinition definition) {
    return new WorkflowStatus(
        run.runId(),
        run.workflowId(),
        runtimeStatus(run.status()),
        phase(run.status()),
        progress(run, definition),
        outputs(run, definition),
        run.error(),
        run.startedAt(),
        run.completedAt());
  }

  /** The Workflow Builder's runtime states are Dapr's: waiting is running, paused is suspended. */
  static String runtimeStatus(RunStatus status) {
    return switch (status) {
      case PENDING -> "PENDING";
      case RUNNING, WAITING -> "RUNNING";
      case PAUSED -> "SUSPENDED";
      case COMPLETED -> "COMPLETED";
      case FAILED -> "FAILED";
      case CANCELLED -> "TERMINATED";
    };
  }

  static String phase(RunStatus status) {
    return status == RunStatus.CANCELLED ? "terminated" : status.name().toLowerCase();
  }

  /**
   * Finished nodes over all nodes; 100 only once the run completed, since nodes on branches not
   * taken never finish.
   */
  static int progress(RunView run, WorkflowDefinition definition) {
    if (run.status() == RunStatus.COMPLETED) {
      return 100;
    }
    long finished =
        definition.nodes().stream().filter(node -> run.outputs().containsKey(key(node))).count();
    return (int) Math.min(99, Math.round(100.0 * finished / definition.nodes().size()));
  }

  private static Map<String, Object> outputs(RunView run, WorkflowDefinition definition) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    if (run.outputs().containsKey("trigger")) {
      outputs.put("trigger", run.outputs().get("trigger"));
    }
    for (Node node : definition.nodes()) {
      String key = key(node);
      if (node.kind() != NodeKind.TRIGGER && run.outputs().containsKey(key)) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", true);
        result.put("data", SeedOutputs.data(run.outputs().get(key)));
        outputs.put(key, result);
      }
    }
    if (run.error() != null && run.error().get("nodeId") instanceof String failedNode) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("success", false);
      result.put("error", run.error().get("message"));
      outputs.putIfAbsent(failedNode, result);
    }
    return outputs;
  }

  /** Run outputs keep the trigger's data as {@code trigger}, every other node's by its id. */
  private static String key(Node node) {
    return node.kind() == NodeKind.TRIGGER ? "trigger" : node.id();
  }
}
