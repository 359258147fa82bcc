package io.flowmesh.orchestrator.correlation;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes this instance's {@link WaitChecker} when a transaction commits a new wait, so that an event
 * buffered just before is found in milliseconds rather than at the next check interval.
 */
@Component
class CorrelationSignal {

  private boolean pending;

  /** After the current transaction commits, tells the checker a new wait is there. */
  void afterCommit() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      wake();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            wake();
          }
        });
  }

  synchronized void wake() {
    pending = true;
    notifyAll();
  }

  /** Waits until woken or {@code deadlineMillis}; forgets the signal it consumed. */
  synchronized void awaitUntil(long deadlineMillis) throws InterruptedException {
    while (!pending) {
      long left = deadlineMillis - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
    pending = false;
  }
}
