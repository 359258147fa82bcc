package io.flowmesh.orchestrator.timer;

import io.flowmesh.orchestrator.engine.TimerKind;
import io.flowmesh.orchestrator.timer.TimerFiring.Firing;
import io.flowmesh.polling.PollingThread;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
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
class TimerPoller implements SmartLifecycle, PollingThread.Rounds {

  private static final Logger log = LoggerFactory.getLogger(TimerPoller.class);

  /** Shortest pause between looks, so a timer another replica holds does not make this one spin. */
  private static final long MIN_PAUSE_MILLIS = 10;

  /** Bucket bounds of the fire lag, in ms: a healthy poller fires within its poll interval. */
  private static final Duration[] FIRE_LAG_BUCKETS =
      LongStream.of(10, 50, 100, 250, 500, 1_000, 5_000, 30_000, 60_000, 300_000)
          .mapToObj(Duration::ofMillis)
          .toArray(Duration[]::new);

  private final TimerFiring firing;
  private final TimerRepository timers;
  private final TimerSignal signal;
  private final TimerProperties properties;
  private final Map<TimerKind, Counter> fired = new EnumMap<>(TimerKind.class);
  private final Counter discarded;
  private final Map<TimerKind, Timer> fireLag = new EnumMap<>(TimerKind.class);
  private final PollingThread worker;

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
      fireLag.put(
          kind,
          Timer.builder("flowmesh.orchestrator.timers.fire.lag")
              .description("How long after it was due a timer fired")
              .tag("kind", kind.name().toLowerCase())
              .serviceLevelObjectives(FIRE_LAG_BUCKETS)
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
    // A batch in flight commits or rolls back on its own; an interrupt after 5 s only cuts short a
    // wait for a connection to a database that is going away.
    worker =
        new PollingThread(
            "timer-poller",
            this,
            Duration.ofMillis(Math.max(MIN_PAUSE_MILLIS, properties.pollInterval().toMillis())),
            Duration.ofSeconds(5));
  }

  @Override
  public void start() {
    worker.start();
  }

  @Override
  public void stop() {
    worker.stop();
  }

  @Override
  public boolean isRunning() {
    return worker.isRunning();
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

  /** Fires a batch of due timers; looks again at once if the batch was full. */
  @Override
  public PollingThread.Wait run() {
    signal.reset();
    List<Firing> batch = firing.fireDue(properties.batchSize());
    count(batch);
    return batch.size() >= properties.batchSize() ? PollingThread.Wait.NONE : this::awaitNextDue;
  }

  /** Waits until the earliest timer known is due, or the next poll. */
  private void awaitNextDue() throws InterruptedException {
    long now = System.currentTimeMillis();
    long deadline = now + properties.pollInterval().toMillis();
    Instant next = timers.nextDue().orElse(null);
    if (next != null) {
      deadline = Math.min(deadline, Math.max(next.toEpochMilli(), now + MIN_PAUSE_MILLIS));
    }
    signal.awaitUntil(deadline);
  }

  /** A timer committed meanwhile and due sooner still ends the pause. */
  @Override
  public void backOff(long millis) throws InterruptedException {
    signal.awaitUntil(System.currentTimeMillis() + millis);
  }

  @Override
  public void wakeNow() {
    signal.wakeNow();
  }

  @Override
  public void failed(RuntimeException e) {
    log.warn("Firing due timers failed; they stay due and are retried", e);
  }

  private void count(List<Firing> batch) {
    Instant now = Instant.now();
    for (Firing firing : batch) {
      Duration lag = Duration.between(firing.dueAt(), now);
      fireLag.get(firing.kind()).record(lag.isNegative() ? Duration.ZERO : lag);
      if (firing.applied()) {
        fired.get(firing.kind()).increment();
      } else {
        discarded.increment();
      }
    }
  }
}
