package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.run.live.RunStatusChange;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/runs/status-changes}: a server-sent event per status change of the tenant's
 * runs, for the console's live list ({@link RunStatusStreams} holds the open streams).
 */
@RestController
@Tag(name = "Runs")
class RunStatusStreamController {

  private final RunStatusStreams streams;

  RunStatusStreamController(RunStatusStreams streams) {
    this.streams = streams;
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
    return streams.open(TenantId.of(tenant.id()));
  }
}
