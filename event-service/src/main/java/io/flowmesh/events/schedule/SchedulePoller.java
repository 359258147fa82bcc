package io.flowmesh.events.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks for due schedules every {@code flowmesh.events.schedules.poll-interval} (default 1 s) and
 * fires them in batches until none is due. Every replica polls; the claim keeps them apart.
 */
@Component
class SchedulePoller {

  private static final Logger log = LoggerFactory.getLogger(SchedulePoller.class);
  private static final int BATCH = 100;

  private final ScheduleFiring firing;

  SchedulePoller(ScheduleFiring firing) {
    this.firing = firing;
  }

  @Scheduled(fixedDelayString = "${flowmesh.events.schedules.poll-interval:1s}")
  void poll() {
    try {
      while (firing.fireDue(BATCH) == BATCH) {
        // a full batch: more may be due
      }
    } catch (RuntimeException e) {
      // the next poll tries again; nothing was fired by the failed transaction
      log.warn("Firing due schedules failed: {}", e.toString());
    }
  }
}
