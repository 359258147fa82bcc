package io.flowmesh.functions.worker;

import io.flowmesh.functions.execution.ExecutionRecorder;
import io.flowmesh.functions.execution.FinishedExecution;
import io.flowmesh.functions.execution.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fails the attempts whose worker is gone: a lease that expired without an answer ends its task
 * with the retryable error {@code LEASE_EXPIRED}, recorded and published like any function's
 * failure, so the node's retry policy decides whether a new attempt (a new task) follows. Every
 * instance reaps; {@code SKIP LOCKED} keeps them off each other's rows. Its timer thread also runs
 * the {@link FinishedTaskPurge}, far less often.
 */
@Component
class LeaseReaper implements SmartLifecycle {

  static final String LEASE_EXPIRED = "LEASE_EXPIRED";

  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
  private static final int BATCH = 100;

  private final WorkerTaskStore tasks;
  private final ExecutionRecorder recorder;
  private final TransactionTemplate transactions;
  private final WorkerProperties properties;
  private final FinishedTaskPurge purge;
  private ScheduledExecutorService timer;

  LeaseReaper(
      WorkerTaskStore tasks,
      ExecutionRecorder recorder,
      TransactionTemplate transactions,
      WorkerProperties properties,
      FinishedTaskPurge purge) {
    this.tasks = tasks;
    this.recorder = recorder;
    this.transactions = transactions;
    this.properties = properties;
    this.purge = purge;
  }

  /** Fails every attempt whose lease has expired; returns how many. */
  int reap() {
    int total = 0;
    int reaped;
    do {
      reaped = transactions.execute(status -> reapBatch());
      total += reaped;
    } while (reaped == BATCH);
    return total;
  }

  private int reapBatch() {
    List<TaskLease> expired = tasks.expire(BATCH);
    Instant now = Instant.now();
    Outcome outcome =
        Outcome.failed(
            LEASE_EXPIRED,
            "The worker's lease on the task expired before it answered (the worker stopped or"
                + " lost contact).",
            true);
    recorder.record(
        expired.stream()
            .map(
                task ->
                    new FinishedExecution(
                        task.pending(),
                        outcome,
                        task.leasedAt() != null ? task.leasedAt() : now,
                        now,
                        task.traceparent()))
            .toList());
    return expired.size();
  }

  private void reapSafely() {
    try {
      int reaped = reap();
      if (reaped > 0) {
        log.info("Failed {} worker task attempts whose lease expired", reaped);
      }
    } catch (DataAccessException e) {
      log.warn("Expiring worker leases failed; trying again later", e);
    } catch (RuntimeException e) {
      log.error("Expiring worker leases failed unexpectedly", e);
    }
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("worker-lease-reaper").daemon().factory());
    long period = properties.expiryInterval().toMillis();
    timer.scheduleWithFixedDelay(this::reapSafely, period, period, TimeUnit.MILLISECONDS);
    // the same thread deletes finished tasks, far less often
    long purgePeriod = properties.purgeInterval().toMillis();
    timer.scheduleWithFixedDelay(
        purge::purgeSafely, purgePeriod, purgePeriod, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    timer.shutdownNow();
    timer = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
