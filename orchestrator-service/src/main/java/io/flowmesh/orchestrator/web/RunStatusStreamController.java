package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.run.live.RunStatusChange;
import io.flowmesh.orchestrator.run.live.RunStatusHub;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/runs/status-changes}: a server-sent event per status change of the tenant's
 * runs, for the console's live list. A stream ends after {@link #LIFETIME} and the client opens a
 * new one; a comment every {@link #HEARTBEAT} keeps idle proxies from closing it and finds streams
 * whose client went away.
 */
@RestController
@Tag(name = "Runs")
class RunStatusStreamController {

  static final Duration LIFETIME = Duration.ofMinutes(30);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final RunStatusHub hub;
  private final Map<SseEmitter, RunStatusHub.Subscription> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("run-status-heartbeat").factory());

  RunStatusStreamController(RunStatusHub hub) {
    this.hub = hub;
    heartbeats.scheduleWithFixedDelay(
        this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @GetMapping(value = "/api/v1/runs/status-changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      summary = "Stream the status changes of the tenant's runs (server-sent events)",
      description =
          "One event named run-status per change, its data {runId, workflowId, status, at}: a"
              + " run started, waits, was paused, resumed, retried, completed, failed or was"
              + " cancelled. Only changes from the moment the stream opens; after a reconnect,"
              + " read GET /runs again. The stream closes after 30 minutes; reconnect. Needs the"
              + " Authorization header, so a browser reads it with fetch rather than EventSource.")
  @ApiResponse(
      responseCode = "200",
      description = "An endless stream of run-status events",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(implementation = RunStatusChange.class)))
  SseEmitter stream(Tenant tenant) throws IOException {
    SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
    RunStatusHub.Subscription subscription =
        hub.subscribe(TenantId.of(tenant.id()), change -> send(emitter, change));
    open.put(emitter, subscription);
    emitter.onCompletion(() -> close(emitter));
    emitter.onTimeout(emitter::complete);
    emitter.onError(e -> close(emitter));
    // Sent at once, so the client knows the stream is open before the first change.
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

  @PreDestroy
  void stop() {
    heartbeats.shutdownNow();
    open.keySet().forEach(SseEmitter::complete);
  }
}
