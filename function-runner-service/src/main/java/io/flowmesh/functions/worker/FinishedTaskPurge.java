package io.flowmesh.functions.worker;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Deletes the rows of worker tasks finished longer ago than {@link WorkerProperties#retention()},
 * in batches, every {@link WorkerProperties#purgeInterval()}: a finished task's result is recorded
 * with the executions and published to the run, and its row is only kept so that a worker's
 * repeated completion is answered as already applied. Every instance purges; a batch deletes rows
 * once.
 */
@Component
class FinishedTaskPurge {

  private static final Logger log = LoggerFactory.getLogger(FinishedTaskPurge.class);
  private static final int BATCH = 1000;

  private final WorkerTaskStore tasks;
  private final WorkerProperties properties;

  FinishedTaskPurge(WorkerTaskStore tasks, WorkerProperties properties) {
    this.tasks = tasks;
    this.properties = properties;
  }

  /** Deletes every task finished before the retention began; returns how many. */
  int purge() {
    Instant before = Instant.now().minus(properties.retention());
    int total = 0;
    int deleted;
    do {
      deleted = tasks.deleteFinishedBefore(before, BATCH);
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }

  /** Purges, logging instead of throwing: for the maintenance timer. */
  void purgeSafely() {
    try {
      int purged = purge();
      if (purged > 0) {
        log.info(
            "Deleted {} worker tasks finished more than {} ago", purged, properties.retention());
      }
    } catch (DataAccessException e) {
      log.warn("Purging finished worker tasks failed; trying again later", e);
    } catch (RuntimeException e) {
      log.error("Purging finished worker tasks failed unexpectedly", e);
    }
  }
}
