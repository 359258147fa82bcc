package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.ManualTask;
import io.flowmesh.orchestrator.run.ManualTaskService;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manual tasks of runs. The list across runs lives under {@code /api/v1/runs/tasks} (not {@code
 * /api/v1/tasks}) because the gateway routes {@code /api/v1/runs/**} to the orchestrator by path
 * prefix; a run id never is {@code tasks}.
 */
@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "Manual tasks")
class TaskController {

  private static final Set<String> STATUSES = Set.of("OPEN", "COMPLETED", "CANCELLED");

  private final ManualTaskService tasks;
  private final JsonMapper json;

  TaskController(ManualTaskService tasks, JsonMapper json) {
    this.tasks = tasks;
    this.json = json;
  }

  @Operation(summary = "List manual tasks across runs, oldest first (cursor pagination)")
  @GetMapping("/tasks")
  Page<ManualTask> list(
      Tenant tenant,
      @Parameter(description = "only tasks for this assignee") @RequestParam(required = false)
          String assignee,
      @Parameter(description = "OPEN, COMPLETED or CANCELLED") @RequestParam(required = false)
          String status,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor) {
    if (status != null && !STATUSES.contains(status)) {
      throw new InvalidRequestException("status", "must be OPEN, COMPLETED or CANCELLED");
    }
    return tasks.list(TenantId.of(tenant.id()), assignee, status, PageRequest.of(limit, cursor));
  }

  @Operation(summary = "List the manual tasks of a run, open and done, in the order opened")
  @GetMapping("/{runId}/tasks")
  List<ManualTask> ofRun(Tenant tenant, @PathVariable String runId) {
    return tasks.ofRun(TenantId.of(tenant.id()), RunId.of(runId));
  }

  @Operation(
      summary = "Complete an open manual task with {data}",
      description =
          "The data is validated against the task's form (JSON Schema): 400 listing every"
              + " violating field. It becomes the node's output and the run continues. 409 if the"
              + " task was completed already or its run has ended.")
  @PostMapping("/{runId}/tasks/{taskId}/complete")
  ManualTask complete(
      Tenant tenant,
      @PathVariable String runId,
      @PathVariable String taskId,
      @RequestBody(required = false) JsonNode body) {
    Object data = new LinkedHashMap<>();
    if (body != null && !body.isNull() && !body.isMissingNode()) {
      if (!body.isObject()) {
        throw new InvalidRequestException("$", "must be a JSON object {\"data\": {...}}");
      }
      JsonNode given = body.get("data");
      if (given != null && !given.isNull()) {
        data = json.treeToValue(given, Object.class);
      }
    }
    return tasks.complete(TenantId.of(tenant.id()), RunId.of(runId), taskId, data);
  }
}
