package io.flowmesh.orchestrator.timer;

import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes this instance's timer poller when a transaction commits a timer due before the poller's
 * next look, so a short timer (a 200 ms retry backoff) is not delayed to the next poll.
 */
@Component
public class TimerSignal {

  private long earliestMillis = Long.MAX_VALUE;

  /** After the current transaction commits, tells the poller a timer is due at {@code dueAt}. */
  public void afterCommit(Instant dueAt) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      due(dueAt);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            due(dueAt);
          }
        });
  }

  synchronized void due(Instant dueAt) {
    if (dueAt.toEpochMilli() < earliestMillis) {
      earliestMillis = dueAt.toEpochMilli();
      notifyAll();
    }
  }

  /** Forgets what it was told: the poller is about to read every committed timer anyway. */
  synchronized void reset() {
    earliestMillis = Long.MAX_VALUE;
  }

  /**
   * Waits until {@code deadlineMillis}, or until the earliest timer it was told of is due if that
   * is sooner.
   */
  synchronized void awaitUntil(long deadlineMillis) throws InterruptedException {
    while (true) {
      long left = Math.min(deadlineMillis, earliestMillis) - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  /** Ends a wait at once (on shutdown). */
  synchronized void wakeNow() {
    earliestMillis = 0; // the epoch: due long ago (MIN_VALUE would overflow the subtraction)
    notifyAll();
  }
}
