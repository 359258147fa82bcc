package io.flowmesh.events.runs;

import io.flowmesh.model.TenantId;
import java.time.Instant;
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
    runs.ended(tenant, runId, status, at)
        .ifPresent(run -> events.publishEvent(new RunEnded(tenant, run, status)));
  }
}
