package io.flowmesh.integrations.health;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Polls for due health checks; with several replicas each connection is claimed by one. */
@Component
class HealthScheduler {

  private static final Logger log = LoggerFactory.getLogger(HealthScheduler.class);

  private final HealthService health;
  private final HealthProperties properties;

  HealthScheduler(HealthService health, HealthProperties properties) {
    this.health = health;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${flowmesh.integrations.health.poll-interval:30s}")
  void poll() {
    if (properties.enabled()) {
      checkDue();
    }
  }

  /** Claims and runs the due checks; returns how many were claimed. */
  int checkDue() {
    List<String[]> due = health.claimDue();
    for (String[] key : due) {
      try {
        health.checkNow(key[0], key[1]);
      } catch (RuntimeException e) {
        // One broken connection must not stop the others; the message names no credential.
        log.warn("Health check of connection {} failed: {}", key[1], e.getClass().getSimpleName());
      }
    }
    return due.size();
  }
}
