package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.run.query.RunFilter;
import io.flowmesh.orchestrator.run.query.RunQueries;
import io.flowmesh.orchestrator.run.query.RunSummary;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/runs}: the tenant's runs by workflow and version, state, start time, business
 * key and parent run.
 */
@RestController
@Tag(name = "Runs")
class RunSearchController {

  private final RunQueries queries;

  RunSearchController(RunQueries queries) {
    this.queries = queries;
  }

  @GetMapping("/api/v1/runs")
  @Operation(
      summary = "List and search runs, newest first",
      description =
          "Every filter is optional and all given ones must match. Cursor pagination: pass the"
              + " page's nextCursor as cursor for the next page (null on the last page). A bad"
              + " parameter is a 400 problem naming it.")
  @ApiResponse(
      responseCode = "200",
      description = "One page of runs",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              examples = @ExampleObject(name = "failed runs", ref = "run-page")))
  Page<RunSummary> list(
      Tenant tenant,
      @Parameter(description = "Runs of this workflow") @RequestParam(required = false)
          String workflowId,
      @Parameter(description = "Runs of this definition version of the workflow (needs workflowId)")
          @RequestParam(required = false)
          String version,
      @Parameter(description = "One state or several, comma-separated, e.g. FAILED,CANCELLED")
          @RequestParam(required = false)
          String status,
      @Parameter(description = "RFC 3339; runs started strictly after it")
          @RequestParam(required = false)
          String startedAfter,
      @Parameter(description = "RFC 3339; runs started strictly before it")
          @RequestParam(required = false)
          String startedBefore,
      @Parameter(description = "Runs started with this business key")
          @RequestParam(required = false)
          String businessKey,
      @Parameter(description = "The child runs this run's sub-workflow nodes started")
          @RequestParam(required = false)
          String parentRunId,
      @Parameter(description = "Page size, 1 to 200") @RequestParam(defaultValue = "50") int limit,
      @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false)
          String cursor) {
    RunFilter filter =
        new RunFilter.Parameters(
                workflowId, version, status, startedAfter, startedBefore, businessKey, parentRunId)
            .parse();
    return queries.list(TenantId.of(tenant.id()), filter, PageRequest.of(limit, cursor));
  }
}
