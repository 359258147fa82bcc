package io.flowmesh.functions.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * Wakes this instance's waiting polls when tasks were handed over here, so that a task reaches a
 * waiting worker in milliseconds rather than a re-check interval. A lock and condition rather than
 * {@code synchronized}: the polls wait on virtual threads, which Java 21 would pin in {@code wait}.
 */
@Component
class TaskArrivals {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private long generation;

  /** Tasks were committed: every waiting poll looks again. */
  void announce() {
    lock.lock();
    try {
      generation++;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A mark to wait from: taken before looking for tasks, so an arrival in between is not missed.
   */
  long mark() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until tasks arrived after the mark, or at most the given time. */
  void awaitAfter(long mark, Duration atMost) throws InterruptedException {
    long nanos = atMost.toNanos();
    lock.lock();
    try {
      while (generation == mark && nanos > 0) {
        nanos = arrived.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }
}
