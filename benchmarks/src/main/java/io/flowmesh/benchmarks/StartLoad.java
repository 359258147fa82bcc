package io.flowmesh.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The two loads the workflow benchmarks drive, whatever starts a run: as many starts as {@code
 * clients} callers can make, and starts paced at a rate. Each returns the ids of what it started,
 * once every start has returned. The caller chooses the threads: virtual ones for HTTP calls to a
 * platform, a bounded pool where each start holds a database connection.
 */
final class StartLoad {

  /** One start; returns the id of what it started. */
  @FunctionalInterface
  interface Start {
    String start() throws Exception;
  }

  private StartLoad() {}

  /**
   * {@code clients} callers starting one run after another for {@code seconds}, at most maxRuns.
   */
  static List<String> asFastAsPossible(
      Supplier<ExecutorService> threads, int clients, int seconds, int maxRuns, Start start) {
    ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();
    AtomicInteger budget = new AtomicInteger(maxRuns);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    try (ExecutorService pool = threads.get()) {
      for (int c = 0; c < clients; c++) {
        pool.submit(
            () -> {
              while (System.nanoTime() < end && budget.decrementAndGet() >= 0) {
                started.add(start.start());
              }
              return null;
            });
      }
    }
    return new ArrayList<>(started);
  }

  /** {@code perSecond} starts a second for {@code seconds}, each on its due time. */
  static List<String> atRate(
      Supplier<ExecutorService> threads, int perSecond, int seconds, Start start)
      throws InterruptedException {
    ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();
    long intervalNanos = 1_000_000_000L / perSecond;
    long begin = System.nanoTime();
    try (ExecutorService pool = threads.get()) {
      for (int i = 0; i < perSecond * seconds; i++) {
        long wait = begin + i * intervalNanos - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait)); // pacing the load, not synchronisation
        }
        pool.submit(
            () -> {
              started.add(start.start());
              return null;
            });
      }
    }
    return new ArrayList<>(started);
  }
}
