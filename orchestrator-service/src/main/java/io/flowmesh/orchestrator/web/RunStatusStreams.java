package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.run.live.RunStatusChange;
import io.flowmesh.orchestrator.run.live.RunStatusHub;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open run status streams of this replica: each subscribed to its tenant's changes, a comment
 * every {@link #HEARTBEAT} (which keeps idle proxies from closing it and finds streams whose client
 * went away), ended after {@link #LIFETIME}. On shutdown they end first, before the web server's
 * graceful shutdown would wait for them as requests in flight.
 */
@Component
class RunStatusStreams implements SmartLifecycle {

  static final Duration LIFETIME = Duration.ofMinutes(30);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final RunStatusHub hub;
  private final Map<SseEmitter, RunStatusHub.Subscription> open = new ConcurrentHashMap<>();
  private ScheduledExecutorService heartbeats;

  RunStatusStreams(RunStatusHub hub) {
    this.hub = hub;
  }

  /**
   * A new stream of the tenant's changes. The first thing it sends is the comment "open", once it
   * sees every change from then on (the hub's feed may first have to start reading).
   */
  SseEmitter open(TenantId tenant) throws IOException {
    SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
    open.put(emitter, hub.subscribe(tenant, change -> send(emitter, change)));
    emitter.onCompletion(() -> close(emitter));
    emitter.onTimeout(emitter::complete);
    emitter.onError(e -> close(emitter));
    // so the client knows the stream is open before the first change
    emitter.send(SseEmitter.event().comment("open"));
    return emitter;
  }

  private void send(SseEmitter emitter, RunStatusChange change) {
    try {
      emitter.send(
          SseEmitter.event()
              .name("run-status")
              .data(change, MediaType.APPLICATION_JSON)
              .reconnectTime(3000));
    } catch (IOException | IllegalStateException gone) {
      close(emitter);
    }
  }

  private void beat() {
    for (SseEmitter emitter : open.keySet()) {
      try {
        emitter.send(SseEmitter.event().comment("heartbeat"));
      } catch (IOException | IllegalStateException gone) {
        close(emitter);
      }
    }
  }

  private void close(SseEmitter emitter) {
    RunStatusHub.Subscription subscription = open.remove(emitter);
    if (subscription != null) {
      subscription.close();
    }
  }

  @Override
  public synchronized void start() {
    heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("run-status-heartbeat").factory());
    heartbeats.scheduleWithFixedDelay(
        this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (heartbeats != null) {
      heartbeats.shutdownNow();
      heartbeats = null;
    }
    open.keySet().forEach(SseEmitter::complete);
  }

  @Override
  public synchronized boolean isRunning() {
    return heartbeats != null;
  }
}
