package io.flowmesh.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes audit entries off the request path: requests put them in a bounded queue, one thread
 * writes them in batches. When the queue is full, because the database has been down or slow for a
 * while, new entries are dropped rather than holding up requests or the gateway's memory; each drop
 * is counted in {@code flowmesh.gateway.audit.dropped} (alert on it) and logged at most once a
 * minute. A failed batch is retried until the gateway stops. On a clean stop the queue is written
 * out; a crash loses what was queued, at most {@link AuditProperties#queueCapacity()} entries.
 */
@Component
class AuditWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final long DROP_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

  private final AuditStore store;
  private final AuditProperties properties;
  private final BlockingQueue<AuditEntry> queue;
  private final Counter dropped;
  private final Counter written;
  private final AtomicLong lastDropLog =
      new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
  private volatile boolean running;
  private Thread thread;

  AuditWriter(AuditStore store, AuditProperties properties, MeterRegistry meters) {
    this.store = store;
    this.properties = properties;
    this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    this.dropped =
        Counter.builder("flowmesh.gateway.audit.dropped")
            .description("Audit entries dropped because the write queue was full")
            .register(meters);
    this.written =
        Counter.builder("flowmesh.gateway.audit.written")
            .description("Audit entries written to the database")
            .register(meters);
  }

  /** Queues an entry; never blocks. */
  void record(AuditEntry entry) {
    if (!queue.offer(entry)) {
      dropped.increment();
      long last = lastDropLog.get();
      long now = System.nanoTime();
      if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
        log.warn(
            "Audit queue full ({} entries): dropping audit entries until the database keeps up",
            properties.queueCapacity());
      }
    }
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("audit-writer").start(this::writeUntilStopped);
  }

  @Override
  public void stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts before the web server and stops after it has finished its requests, so the last answers
   * are recorded too.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void writeUntilStopped() {
    List<AuditEntry> batch = new ArrayList<>();
    while (running || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          AuditEntry first =
              queue.poll(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
        }
        queue.drainTo(batch, properties.batchSize() - batch.size());
        store.insert(batch);
        written.increment(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        if (running) {
          Thread.currentThread().interrupt();
          return;
        }
        // Stopping: write out what is queued, without waiting for more.
        Thread.interrupted();
      } catch (RuntimeException e) {
        if (!running) {
          log.warn(
              "Could not write {} audit entries while stopping: {}", batch.size(), e.toString());
          return;
        }
        log.warn("Could not write {} audit entries, retrying: {}", batch.size(), e.toString());
        try {
          Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException stopped) {
          Thread.interrupted();
        }
      }
    }
  }
}
