package io.flowmesh.events.runs;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets ended runs as old as the events the store keeps: past that, nothing counts them any more
 * (limits and overlap policies look at active runs, chains at runs whose events are still fresh).
 */
@Component
class StartedRunsRetention {

  private static final Logger log = LoggerFactory.getLogger(StartedRunsRetention.class);

  private final StartedRuns runs;
  private final Duration retention;
  private final Clock clock;

  /**
   * @param retention the event store's ({@code flowmesh.events.store.retention}), read here by name
   *     so that this package does not depend on the store's
   */
  StartedRunsRetention(
      StartedRuns runs,
      @Value("${flowmesh.events.store.retention:30d}") Duration retention,
      Clock clock) {
    this.runs = runs;
    this.retention = retention;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
  void purge() {
    int purged = runs.purgeEndedBefore(clock.instant().minus(retention));
    if (purged > 0) {
      log.info("Forgot {} started runs that ended longer ago than the retention", purged);
    }
  }
}
