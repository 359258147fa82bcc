package io.flowmesh.orchestrator.definition;

import java.util.List;

/**
 * What keeps a workflow from being deleted (ADR 0020).
 *
 * @param runs runs of any of its versions, in any state; a purged run is gone and does not count
 * @param unfinishedRuns those of them that have not finished, which must be cancelled to be purged
 * @param versionsBeingStarted versions that a run is being started on at this moment
 * @param referrers other workflows with a sub-workflow node that starts it
 */
public record DefinitionUsage(
    long runs, long unfinishedRuns, int versionsBeingStarted, List<Referrer> referrers) {

  public DefinitionUsage {
    referrers = List.copyOf(referrers);
  }

  public boolean inUse() {
    return runs > 0 || versionsBeingStarted > 0 || !referrers.isEmpty();
  }

  /**
   * A workflow that starts the one being deleted as a sub-workflow.
   *
   * @param workflowId the referring workflow
   * @param versions its versions with such a node, oldest first
   */
  public record Referrer(String workflowId, List<Integer> versions) {
    public Referrer {
      versions = List.copyOf(versions);
    }
  }
}
