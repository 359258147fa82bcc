package io.flowmesh.orchestrator.timer;

import io.flowmesh.orchestrator.engine.TimerKind;
import io.flowmesh.orchestrator.timer.TimerFiring.Firing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fires due timers on this replica. Every replica runs one; {@code FOR UPDATE SKIP LOCKED} splits
 * due timers between them, so each fires once. It looks when the earliest timer it knows of is due
 * (from the table after each look, and from {@link TimerSignal} for timers this replica commits),
 * and at least every {@code pollInterval}, which bounds how late a timer written by another replica
 * after this one's last look is seen.
 */
@Component
class TimerPoller implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TimerPoller.class);

  /** Shortest pause between looks, so a timer another replica holds does not make this one spin. */
  private static final long MIN_PAUSE_MILLIS = 10;

  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final TimerFiring firing;
  private final TimerRepository timers;
  private final TimerSignal signal;
  private final TimerProperties properties;
  private final Map<TimerKind, Counter> fired = new EnumMap<>(TimerKind.class);
  private final Counter discarded;
  private volatile boolean running;
  private Thread worker;

  TimerPoller(
      TimerFiring firing,
      TimerRepository timers,
      TimerSignal signal,
      TimerProperties properties,
      MeterRegistry meters) {
    this.firing = firing;
    this.timers = timers;
    this.signal = signal;
    this.properties = properties;
    for (TimerKind kind : TimerKind.values()) {
      fired.put(
          kind,
          Counter.builder("flowmesh.orchestrator.timers.fired")
              .description("Timers that fired and advanced their run")
              .tag("kind", kind.name().toLowerCase())
              .register(meters));
    }
    discarded =
        Counter.builder("flowmesh.orchestrator.timers.discarded")
            .description(
                "Due timers whose run had finished or whose attempt had moved on (a result came"
                    + " before the timeout)")
            .register(meters);
    Gauge.builder("flowmesh.orchestrator.timers.due", timers, TimerRepository::countDue)
        .description("Timers due and not fired yet, across all replicas")
        .register(meters);
  }

  @Override
  public void start() {
    running = true;
    worker = Thread.ofPlatform().name("timer-poller").daemon().start(this::loop);
  }

  @Override
  public void stop() {
    running = false;
    Thread current = worker;
    if (current == null) {
      return;
    }
    signal.wakeNow();
    try {
      // a batch in flight commits or rolls back on its own; an interrupt only cuts short a wait
      // for a connection to a database that is going away
      current.join(5_000);
      if (current.isAlive()) {
        current.interrupt();
        current.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return properties.enabled();
  }

  /** Start after and stop before the outbox relay, like the other writers of the outbox. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 200;
  }

  private void loop() {
    int failures = 0;
    while (running) {
      try {
        signal.reset();
        List<Firing> batch = firing.fireDue(properties.batchSize());
        count(batch);
        failures = 0;
        if (batch.size() >= properties.batchSize()) {
          continue;
        }
        long now = System.currentTimeMillis();
        long deadline = now + properties.pollInterval().toMillis();
        Instant next = timers.nextDue().orElse(null);
        if (next != null) {
          deadline = Math.min(deadline, Math.max(next.toEpochMilli(), now + MIN_PAUSE_MILLIS));
        }
        signal.awaitUntil(deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        failures++;
        log.warn("Firing due timers failed; they stay due and are retried", e);
        try {
          signal.awaitUntil(System.currentTimeMillis() + backoffMillis(failures));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private long backoffMillis(int failures) {
    long base = Math.max(MIN_PAUSE_MILLIS, properties.pollInterval().toMillis());
    return Math.min(MAX_BACKOFF_MILLIS, base << Math.min(failures - 1, 16));
  }

  private void count(List<Firing> batch) {
    for (Firing firing : batch) {
      if (firing.applied()) {
        fired.get(firing.kind()).increment();
      } else {
        discarded.increment();
      }
    }
  }
}
