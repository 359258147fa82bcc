package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.RunCancelled;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Cancelling a run cancels its unfinished children, and theirs, in the same transaction. Locks are
 * taken parent first, then children: the only other path that touches two runs of a tree (a child's
 * end reaching its parent) goes through Kafka and locks one run at a time, so this order cannot
 * deadlock with it.
 */
@Component
class ChildRunCancellation {

  private final SubRunRepository links;
  private final RunRepository runs;
  private final Outbox outbox;

  ChildRunCancellation(SubRunRepository links, RunRepository runs, Outbox outbox) {
    this.links = links;
    this.runs = runs;
    this.outbox = outbox;
  }

  void cancelChildren(TenantId tenant, RunId parentRunId, Instant at) {
    for (RunId childId : links.unfinishedChildren(tenant, parentRunId)) {
      RunRow child = runs.lock(tenant, childId).orElseThrow();
      if (!child.status().allows(RunOperation.CANCEL)) {
        continue;
      }
      runs.cancelRunningExecutions(tenant, childId, at);
      runs.update(tenant, child.finish(RunStatus.CANCELLED, child.outputsJson(), null, at));
      outbox.append(
          RunEvents.of(
              tenant,
              child,
              EventTypes.RUN_CANCELLED,
              new RunCancelled(
                  childId.value(),
                  child.workflowId().value(),
                  child.version(),
                  "parent run '" + parentRunId + "' was cancelled",
                  at)));
      cancelChildren(tenant, childId, at);
    }
  }
}
