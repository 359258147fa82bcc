package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.orchestrator.definition.reliability.RetryPolicy;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which reliability settings each node kind takes, checked when a definition is saved: a timeout on
 * actions and approval gates, a retry policy on actions, a wait on timers. The settings' own format
 * is {@link NodeSettings}' and {@link RetryPolicy}'s.
 */
final class NodeSettingsChecks {

  private NodeSettingsChecks() {}

  /** Adds a problem for every invalid reliability setting of a node. */
  static void check(
      String nodeId,
      NodeKind kind,
      String path,
      Map<String, Object> config,
      List<FieldProblem> problems) {
    String configPath = path + ".config";
    Optional<Duration> timeout = NodeSettings.timeout(config, configPath, problems);
    if (timeout.isPresent()
        && kind != NodeKind.ACTION
        && kind != NodeKind.APPROVAL_GATE
        && kind != NodeKind.WAIT_FOR_EVENT) {
      problems.add(
          new FieldProblem(
              configPath + ".timeout",
              "node '"
                  + nodeId
                  + "': a timeout applies to action, approval-gate and wait-for-event nodes, not"
                  + " to "
                  + kind.wireName()));
    }
    if (config.containsKey("retry")) {
      if (!(config.get("retry") instanceof Map<?, ?> retry)) {
        problems.add(
            new FieldProblem(
                configPath + ".retry",
                "node '" + nodeId + "': must be an object {maxAttempts, initialInterval, ...}"));
      } else if (kind != NodeKind.ACTION) {
        problems.add(
            new FieldProblem(
                configPath + ".retry",
                "node '"
                    + nodeId
                    + "': a retry policy applies to action nodes, not to "
                    + kind.wireName()));
      } else {
        RetryPolicy.parse(retry, configPath + ".retry", problems);
      }
    }
    if (kind == NodeKind.TIMER) {
      NodeSettings.checkTimer(nodeId, configPath, config, problems);
    }
  }
}
