package io.flowmesh.orchestrator.correlation;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.correlation.Correlator.Name;
import io.flowmesh.polling.PollingThread;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Checks new waits against the buffered events, on this replica: woken after a wait commits ({@link
 * CorrelationSignal}) and at least every {@code checkInterval}, which also finds waits another
 * replica recorded or a restart left unchecked. Every {@code purgeInterval} it deletes buffered
 * events older than the window and waits whose attempt no longer runs. Several replicas may check
 * the same name at once; the advisory lock orders them and the second finds nothing unchecked.
 */
@Component
class WaitChecker implements SmartLifecycle, PollingThread.Rounds {

  private static final Logger log = LoggerFactory.getLogger(WaitChecker.class);

  private static final int NAMES_PER_ROUND = 100;

  private final Correlator correlator;
  private final EventWaits waits;
  private final BufferedEvents buffer;
  private final CorrelationSignal signal;
  private final CorrelationProperties properties;
  private final PollingThread worker;
  private long nextPurgeMillis;

  WaitChecker(
      Correlator correlator,
      EventWaits waits,
      BufferedEvents buffer,
      CorrelationSignal signal,
      CorrelationProperties properties) {
    this.correlator = correlator;
    this.waits = waits;
    this.buffer = buffer;
    this.signal = signal;
    this.properties = properties;
    this.worker =
        new PollingThread(
            "correlation-checker", this, properties.checkInterval(), Duration.ofSeconds(5));
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

  /** Start after and stop before the outbox relay, like the timer poller it writes timers for. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 200;
  }

  @Override
  public PollingThread.Wait run() {
    List<List<String>> names = waits.uncheckedNames(NAMES_PER_ROUND);
    for (List<String> name : names) {
      correlator.checkNewWaits(new Name(TenantId.of(name.get(0)), name.get(1)));
    }
    if (System.currentTimeMillis() >= nextPurgeMillis) {
      int events = buffer.purge(properties.bufferWindow());
      int stale = waits.deleteStale();
      log.debug("Purged {} buffered events and {} stale waits", events, stale);
      nextPurgeMillis = System.currentTimeMillis() + properties.purgeInterval().toMillis();
    }
    if (names.size() >= NAMES_PER_ROUND) {
      return PollingThread.Wait.NONE;
    }
    return () ->
        signal.awaitUntil(System.currentTimeMillis() + properties.checkInterval().toMillis());
  }

  @Override
  public void backOff(long millis) throws InterruptedException {
    signal.awaitUntil(System.currentTimeMillis() + millis);
  }

  @Override
  public void wakeNow() {
    signal.wake();
  }

  @Override
  public void failed(RuntimeException e) {
    log.warn("Checking new waits against buffered events failed; they are checked again", e);
  }
}
