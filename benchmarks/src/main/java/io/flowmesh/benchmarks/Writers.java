package io.flowmesh.benchmarks;

import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writer threads appending through the outbox, each in its own transactions over its own keys, as
 * service instances writing their aggregates would.
 */
final class Writers {

  static final String TYPE = "io.flowmesh.bench.happened";

  record Result(long events, long transactions, double seconds) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double transactionsPerSecond() {
      return transactions / seconds;
    }
  }

  private final Outbox outbox;
  private final TransactionTemplate transactions;
  private final KeySpace keys;
  private final String topic;
  private final int writers;

  Writers(
      Outbox outbox, TransactionTemplate transactions, KeySpace keys, String topic, int writers) {
    this.outbox = outbox;
    this.transactions = transactions;
    this.keys = keys;
    this.topic = topic;
    this.writers = writers;
  }

  /**
   * Writes {@code total} events in transactions of {@code txSize}, all writers as fast as they can.
   */
  Result fill(long total, int txSize) throws Exception {
    return run(total, null, txSize, 0, null);
  }

  /**
   * Writes for {@code duration}; paced to {@code eventsPerSecond} in total when above zero, as fast
   * as possible otherwise. Returns immediately; the future completes when the writers stopped.
   */
  Future<Result> runFor(
      Duration duration, int txSize, double eventsPerSecond, CommitTimes commitTimes) {
    FutureTask<Result> task =
        new FutureTask<>(() -> run(Long.MAX_VALUE, duration, txSize, eventsPerSecond, commitTimes));
    Thread.ofPlatform().name("writers").daemon().start(task);
    return task;
  }

  private Result run(
      long total, Duration duration, int txSize, double eventsPerSecond, CommitTimes commitTimes)
      throws Exception {
    AtomicLong events = new AtomicLong();
    AtomicLong commits = new AtomicLong();
    long start = System.nanoTime();
    long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
    long perWriter = total == Long.MAX_VALUE ? Long.MAX_VALUE : total / writers;
    long intervalNanos =
        eventsPerSecond > 0 ? (long) (1e9 * txSize * writers / eventsPerSecond) : 0;
    List<FutureTask<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int[] own = keys.keysOf(w);
      FutureTask<Void> task =
          new FutureTask<>(
              () -> {
                write(own, perWriter, end, txSize, intervalNanos, commitTimes, events, commits);
                return null;
              });
      tasks.add(task);
      Thread.ofPlatform().name("writer-" + w).start(task);
    }
    for (FutureTask<Void> task : tasks) {
      try {
        task.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("A writer failed", e.getCause());
      }
    }
    return new Result(events.get(), commits.get(), (System.nanoTime() - start) / 1e9);
  }

  private void write(
      int[] own,
      long events,
      long end,
      int txSize,
      long intervalNanos,
      CommitTimes commitTimes,
      AtomicLong eventCount,
      AtomicLong commitCount) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long next = System.nanoTime();
    long written = 0;
    while (written < events && System.nanoTime() < end) {
      if (intervalNanos > 0) {
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      int size = (int) Math.min(txSize, events - written);
      int[] txKeys = new int[size];
      long[] txSeqs = new long[size];
      List<OutboxMessage> messages = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        int key = own[random.nextInt(own.length)];
        long seq = keys.committed(key) + 1;
        // The same key may appear twice in one transaction: take the next number after it.
        for (int j = 0; j < i; j++) {
          if (txKeys[j] == key) {
            seq = Math.max(seq, txSeqs[j] + 1);
          }
        }
        txKeys[i] = key;
        txSeqs[i] = seq;
        String name = keys.name(key);
        messages.add(
            new OutboxMessage(
                topic, name, TYPE, name, "bench", new BenchEvent(name, seq, BenchEvent.DETAIL)));
      }
      transactions.executeWithoutResult(
          status -> {
            if (commitTimes != null) {
              // Registered before the outbox's own synchronization, so it runs before the relay
              // is woken: the time is the commit, not the commit plus the wake.
              TransactionSynchronizationManager.registerSynchronization(
                  new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                      long now = System.nanoTime();
                      for (int i = 0; i < size; i++) {
                        commitTimes.put(txKeys[i], txSeqs[i], now);
                      }
                    }
                  });
            }
            outbox.appendAll(messages);
          });
      for (int i = 0; i < size; i++) {
        keys.committed(txKeys[i], Math.max(keys.committed(txKeys[i]), txSeqs[i]));
      }
      written += size;
      eventCount.addAndGet(size);
      commitCount.incrementAndGet();
    }
  }
}
