package io.flowmesh.launcher;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What has been started, closed in reverse order. Safe against a close (Ctrl-C, a shutdown hook)
 * that arrives while a start is still under way: {@link #close} first waits for starts in flight to
 * register what they started, and whatever registers after the close is closed at once.
 */
final class Lifecycle {

  private record Component(String name, AutoCloseable closer) {}

  private final Deque<Component> started = new ArrayDeque<>();
  private int inFlight;
  private boolean closed;

  /** Marks the start of a component; pair with {@link #endStart()} in a finally block. */
  synchronized void beginStart() {
    if (closed) {
      throw new IllegalStateException("Shutting down");
    }
    inFlight++;
  }

  synchronized void endStart() {
    inFlight--;
    notifyAll();
  }

  /**
   * Registers something to close; if closing has begun it is closed now and this throws.
   *
   * @param name announced when it is closed; null for housekeeping nobody needs to hear about
   */
  void register(String name, AutoCloseable closer) {
    synchronized (this) {
      if (!closed) {
        started.push(new Component(name, closer));
        return;
      }
    }
    closeQuietly(new Component(name, closer), message -> {});
    throw new IllegalStateException("Shutting down");
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Closes everything, last started first; waits up to {@code waitForStarts} for starts in flight.
   */
  void close(Duration waitForStarts, Consumer<String> progress) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      long deadline = System.nanoTime() + waitForStarts.toNanos();
      while (inFlight > 0 && System.nanoTime() < deadline) {
        try {
          wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    while (true) {
      Component next;
      synchronized (this) {
        next = started.poll();
      }
      if (next == null) {
        return;
      }
      closeQuietly(next, progress);
    }
  }

  private static void closeQuietly(Component component, Consumer<String> progress) {
    if (component.name() != null) {
      progress.accept("stopping " + component.name());
    }
    try {
      component.closer().close();
    } catch (Exception e) {
      progress.accept(
          "could not stop "
              + Objects.toString(component.name(), "a resource")
              + ": "
              + e.getMessage());
    }
  }
}
