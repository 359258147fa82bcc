package io.flowmesh.polling;

import java.time.Duration;

/**
 * A named platform thread that works in rounds until stopped, for a {@code SmartLifecycle} part
 * that polls (the outbox relay, the orchestrator's timer poller). After a round it waits as the
 * round says; after a failed round it backs off, from {@code backOffBase} doubling up to 30 s per
 * failure in a row. A stop ends the wait, lets the round in flight finish (interrupting it would
 * only roll it back) and interrupts the thread only if that takes longer than {@code stopGrace}.
 */
public final class PollingThread {

  /** Longest pause after failed rounds. */
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  /** What the thread does. Every method runs on the thread except {@link #wakeNow}. */
  public interface Rounds {

    /** Does one round of work; returns how to wait before the next one. */
    Wait run();

    /** Waits {@code millis} after a failed round; {@link #wakeNow} must end the wait. */
    void backOff(long millis) throws InterruptedException;

    /** Ends any wait at once; called on the stopping thread. */
    void wakeNow();

    /** A round (or its wait) threw; it is tried again after a back-off. */
    void failed(RuntimeException e);

    /** Runs once a stop ended the rounds, not after an interrupt. */
    default void stopped() {}
  }

  /** The wait before the next round; {@link Rounds#wakeNow} must end it. */
  @FunctionalInterface
  public interface Wait {

    /** No wait: the next round starts at once. */
    Wait NONE = () -> {};

    void await() throws InterruptedException;
  }

  private final String name;
  private final Rounds rounds;
  private final long backOffBaseMillis;
  private final Duration stopGrace;

  private volatile boolean running;
  private Thread thread;

  /**
   * @param name the thread's name
   * @param backOffBase the pause after the first failed round in a row
   * @param stopGrace how long a stop waits for the round in flight before it interrupts
   */
  public PollingThread(String name, Rounds rounds, Duration backOffBase, Duration stopGrace) {
    this.name = name;
    this.rounds = rounds;
    this.backOffBaseMillis = backOffBase.toMillis();
    this.stopGrace = stopGrace;
  }

  public void start() {
    running = true;
    thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
  }

  /** Returns once the thread ended, or was interrupted and given another second to end. */
  public void stop() {
    running = false;
    Thread current = thread;
    if (current == null) {
      return;
    }
    rounds.wakeNow();
    try {
      current.join(stopGrace.toMillis());
      if (current.isAlive()) {
        current.interrupt();
        current.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Started and not stopped: rounds and waits ask this to know when to end early. */
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    int failures = 0;
    while (running) {
      try {
        Wait next = rounds.run();
        failures = 0;
        next.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        failures++;
        rounds.failed(e);
        try {
          rounds.backOff(backOffMillis(failures));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    rounds.stopped();
  }

  private long backOffMillis(int failures) {
    return Math.min(MAX_BACKOFF_MILLIS, backOffBaseMillis << Math.min(failures - 1, 16));
  }
}
