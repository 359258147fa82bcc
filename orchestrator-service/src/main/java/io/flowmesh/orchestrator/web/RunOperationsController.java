package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.RunPauseService;
import io.flowmesh.orchestrator.run.RunRetryService;
import io.flowmesh.orchestrator.run.RunView;
import io.flowmesh.orchestrator.run.operations.BulkResult;
import io.flowmesh.orchestrator.run.operations.BulkRunOperations;
import io.flowmesh.orchestrator.run.operations.RunPurge;
import io.flowmesh.orchestrator.run.query.RunFilter;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Operations on runs besides start, cancel and events: pause, resume, retry from the failed node,
 * the bulk forms of cancel and retry, and purge. An operation the run's state does not allow is a
 * 409 problem naming the state and what it allows; another tenant's run is a 404.
 */
@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "Runs")
class RunOperationsController {

  private final RunPauseService pauses;
  private final RunRetryService retries;
  private final BulkRunOperations bulk;
  private final RunPurge purge;

  RunOperationsController(
      RunPauseService pauses, RunRetryService retries, BulkRunOperations bulk, RunPurge purge) {
    this.pauses = pauses;
    this.retries = retries;
    this.bulk = bulk;
    this.purge = purge;
  }

  @PostMapping("/{runId}/pause")
  @Operation(
      summary = "Pause a run",
      description =
          "No new node starts while the run is paused. Nodes already running finish and their"
              + " results are recorded; the nodes that would follow wait (node.waiting events) and"
              + " start on resume. Optional body {\"reason\": \"...\"}. 409 if the run is paused"
              + " already or has finished.")
  RunView pause(
      Tenant tenant, @PathVariable String runId, @RequestBody(required = false) JsonNode body) {
    return pauses.pause(TenantId.of(tenant.id()), RunId.of(runId), optionalString(body, "reason"));
  }

  @PostMapping("/{runId}/resume")
  @Operation(
      summary = "Resume a paused run",
      description =
          "The nodes that waited start now, in the order their predecessors finished. 409 if the"
              + " run is not paused.")
  RunView resume(Tenant tenant, @PathVariable String runId) {
    return pauses.resume(TenantId.of(tenant.id()), RunId.of(runId));
  }

  @PostMapping("/{runId}/retry")
  @Operation(
      summary = "Retry a failed run from its failed node",
      description =
          "The failed node runs again as a new attempt and the run is RUNNING again. Optional body"
              + " {\"definitionVersion\": \"latest\"} moves the run to the workflow's latest"
              + " version first; 409 if the failed node does not exist there, or if the run has"
              + " not failed.")
  RunView retry(
      Tenant tenant, @PathVariable String runId, @RequestBody(required = false) JsonNode body) {
    return retries.retry(TenantId.of(tenant.id()), RunId.of(runId), onLatestVersion(body));
  }

  @PostMapping("/bulk-cancel")
  @Operation(
      summary = "Cancel the runs a filter matches",
      description =
          "Body: the filter of GET /runs (workflowId, status, startedAfter, startedBefore,"
              + " businessKey; at least one) and an optional reason. Applies to runs that have"
              + " not finished, oldest first, a bounded number per call: the answer says how many"
              + " were cancelled and whether more remain (call again).")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              examples = @ExampleObject(name = "by start time", ref = "bulk-cancel")))
  @ApiResponse(
      responseCode = "200",
      description = "How many runs were cancelled, skipped, and whether more remain",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              examples = @ExampleObject(name = "more remain", ref = "bulk-result")))
  BulkResult bulkCancel(Tenant tenant, @RequestBody JsonNode body) {
    return bulk.cancel(TenantId.of(tenant.id()), filter(body), optionalString(body, "reason"));
  }

  @PostMapping("/bulk-retry")
  @Operation(
      summary = "Retry the FAILED runs a filter matches from their failed nodes",
      description =
          "Body: the filter of GET /runs (at least one criterion) and an optional"
              + " definitionVersion \"latest\". Oldest first, a bounded number per call; a run"
              + " whose failed node cannot run again is counted as skipped.")
  BulkResult bulkRetry(Tenant tenant, @RequestBody JsonNode body) {
    return bulk.retry(TenantId.of(tenant.id()), filter(body), onLatestVersion(body));
  }

  @DeleteMapping("/{runId}")
  @Operation(
      summary = "Purge a finished run and its history",
      description = "409 if the run has not finished (cancel it first).")
  @ApiResponse(responseCode = "204", description = "Deleted")
  ResponseEntity<Void> delete(Tenant tenant, @PathVariable String runId) {
    purge.purge(TenantId.of(tenant.id()), RunId.of(runId));
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/purge")
  @Operation(
      summary = "Purge finished runs by age",
      description =
          "Body {\"finishedBefore\": \"2026-01-01T00:00:00Z\", \"workflowId\": optional}: deletes"
              + " COMPLETED, FAILED and CANCELLED runs that finished before then, oldest first, a"
              + " bounded number per call; the answer says how many and whether more remain."
              + " Runs that have not finished are never purged.")
  BulkResult purgeFinished(Tenant tenant, @RequestBody JsonNode body) {
    requireObject(body);
    String before = optionalString(body, "finishedBefore");
    if (before == null) {
      throw new InvalidRequestException(
          "finishedBefore", "is required: an RFC 3339 timestamp, e.g. 2026-01-31T00:00:00Z");
    }
    Instant finishedBefore;
    try {
      finishedBefore = Instant.parse(before);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "finishedBefore", "must be an RFC 3339 timestamp, e.g. 2026-01-31T00:00:00Z");
    }
    return purge.purgeFinishedBefore(
        TenantId.of(tenant.id()), finishedBefore, optionalString(body, "workflowId"));
  }

  private static RunFilter filter(JsonNode body) {
    requireObject(body);
    return RunFilter.parse(
        optionalString(body, "workflowId"),
        optionalString(body, "status"),
        optionalString(body, "startedAfter"),
        optionalString(body, "startedBefore"),
        optionalString(body, "businessKey"));
  }

  /** {@code definitionVersion}: absent (the run's own version) or {@code "latest"}. */
  private static boolean onLatestVersion(JsonNode body) {
    String version =
        body == null || !body.isObject() ? null : optionalString(body, "definitionVersion");
    if (version == null || version.equals("current")) {
      return false;
    }
    if (version.equals("latest")) {
      return true;
    }
    throw new InvalidRequestException(
        "definitionVersion", "must be \"latest\" (or absent: the run's own version)");
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("$", "must be a JSON object");
    }
  }

  private static String optionalString(JsonNode body, String field) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return null;
    }
    requireObject(body);
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new InvalidRequestException(field, "must be a string");
    }
    return value.asString();
  }
}
