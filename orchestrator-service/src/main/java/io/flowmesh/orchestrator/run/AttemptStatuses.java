package io.flowmesh.orchestrator.run;

import java.util.Map;
import java.util.Optional;

/**
 * The statuses of one run's node attempts, read together: the latest attempt's per node (what the
 * interpreter needs) and every attempt's by execution id (what tells a fresh result from a late or
 * redelivered one).
 */
record AttemptStatuses(Map<String, String> byNode, Map<String, String> byExecution) {

  static final AttemptStatuses NONE = new AttemptStatuses(Map.of(), Map.of());

  Optional<String> ofExecution(String executionId) {
    return Optional.ofNullable(byExecution.get(executionId));
  }
}
