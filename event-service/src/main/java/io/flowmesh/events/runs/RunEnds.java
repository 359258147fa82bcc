package io.flowmesh.events.runs;

import io.flowmesh.model.TenantId;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notes the end of a run event-service started, read from the run's lifecycle events or from the
 * orchestrator's refusal, and tells the rest of the service ({@link RunEnded}). A run it did not
 * start, or one already noted (a redelivered event), changes nothing.
 */
@Service
public class RunEnds {

  private final StartedRuns runs;
  private final ApplicationEventPublisher events;

  RunEnds(StartedRuns runs, ApplicationEventPublisher events) {
    this.runs = runs;
    this.events = events;
  }

  @Transactional
  public void ended(TenantId tenant, String runId, String status, Instant at) {
    ended(tenant, List.of(new RunEnd(runId, status, at)));
  }

  /**
   * Notes the ends of many runs of one tenant at once (the run ends of one poll): one statement,
   * whatever their number, since most runs ending were not started by event-service.
   */
  @Transactional
  public void ended(TenantId tenant, List<RunEnd> ends) {
    if (ends.isEmpty()) {
      return;
    }
    for (StartedRuns.EndedRun ended : runs.ended(tenant, ends)) {
      events.publishEvent(new RunEnded(tenant, ended.run(), ended.status()));
    }
  }
}
