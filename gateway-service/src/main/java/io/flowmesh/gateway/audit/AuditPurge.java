package io.flowmesh.gateway.audit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit entries older than {@link AuditProperties#retention()}. Every replica runs it; two
 * deleting the same old rows at once is harmless, so no lock is needed.
 */
@Component
class AuditPurge {

  private static final Logger log = LoggerFactory.getLogger(AuditPurge.class);
  private static final int BATCH = 10_000;

  private final AuditStore store;
  private final AuditProperties properties;
  private final Clock clock;

  AuditPurge(AuditStore store, AuditProperties properties, Clock clock) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${flowmesh.gateway.audit.purge-interval:1h}",
      initialDelayString = "PT1M")
  void purge() {
    try {
      int total = 0;
      int deleted;
      do {
        deleted = store.purgeOlderThan(clock.instant().minus(properties.retention()), BATCH);
        total += deleted;
      } while (deleted == BATCH);
      if (total > 0) {
        log.info("Purged {} audit entries older than {}", total, properties.retention());
      }
    } catch (RuntimeException e) {
      log.warn("Could not purge old audit entries: {}", e.toString());
    }
  }
}
