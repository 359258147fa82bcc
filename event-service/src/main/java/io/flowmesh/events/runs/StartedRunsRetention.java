package io.flowmesh.events.runs;

import io.flowmesh.events.store.EventStoreProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private final EventStoreProperties properties;
  private final Clock clock;

  StartedRunsRetention(StartedRuns runs, EventStoreProperties properties, Clock clock) {
    this.runs = runs;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
  void purge() {
    int purged = runs.purgeEndedBefore(clock.instant().minus(properties.retention()));
    if (purged > 0) {
      log.info("Forgot {} started runs that ended longer ago than the retention", purged);
    }
  }
}
