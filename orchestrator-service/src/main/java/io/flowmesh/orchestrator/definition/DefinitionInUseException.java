package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.WorkflowId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A workflow that runs or other workflows still use cannot be deleted; the message says how. */
public class DefinitionInUseException extends RuntimeException {

  private final transient DefinitionUsage usage;

  public DefinitionInUseException(WorkflowId workflowId, DefinitionUsage usage) {
    super(message(workflowId, usage));
    this.usage = usage;
  }

  public DefinitionUsage usage() {
    return usage;
  }

  private static String message(WorkflowId workflowId, DefinitionUsage usage) {
    List<String> reasons = new ArrayList<>();
    if (usage.runs() > 0) {
      reasons.add(
          usage.runs()
              + (usage.runs() == 1 ? " run uses it" : " runs use it")
              + (usage.unfinishedRuns() > 0 ? " (" + usage.unfinishedRuns() + " not finished)" : "")
              + "; purging them first allows the delete (cancel those not finished, then DELETE"
              + " /api/v1/runs/{runId} or POST /api/v1/runs/purge with \"workflowId\": \""
              + workflowId
              + "\")");
    } else if (usage.versionsBeingStarted() > 0) {
      reasons.add("a run of it is being started right now; purge it first");
    }
    if (!usage.referrers().isEmpty()) {
      reasons.add(
          "sub-workflow nodes of "
              + usage.referrers().stream()
                  .map(
                      r ->
                          "workflow '"
                              + r.workflowId()
                              + "' (version"
                              + (r.versions().size() == 1 ? " " : "s ")
                              + r.versions().stream()
                                  .map(String::valueOf)
                                  .collect(Collectors.joining(", "))
                              + ")")
                  .collect(Collectors.joining(", "))
              + " start it; delete "
              + (usage.referrers().size() == 1 ? "that workflow" : "those workflows")
              + " first");
    }
    return "Workflow '" + workflowId + "' cannot be deleted: " + String.join("; ", reasons);
  }
}
