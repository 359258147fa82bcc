package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.FormSchemas;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.run.NodeAttempt;
import io.flowmesh.orchestrator.run.RunEventService;
import io.flowmesh.orchestrator.run.RunService;
import io.flowmesh.orchestrator.run.RunStart;
import io.flowmesh.orchestrator.run.RunStarts;
import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.orchestrator.run.RunView;
import io.flowmesh.orchestrator.run.WorkflowNotFoundException;
import io.flowmesh.web.IdempotencyKeys;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/runs}: start a run of a saved workflow ({@code {workflowId, input, version?}}) or
 * of an inline definition (the seed's {@code {definition, triggerData}}), and read it.
 */
@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "Runs")
class RunController {

  private final RunService runs;
  private final RunStarts starts;
  private final RunEventService events;
  private final DefinitionService definitions;
  private final JsonMapper json;

  RunController(
      RunService runs,
      RunStarts starts,
      RunEventService events,
      DefinitionService definitions,
      JsonMapper json) {
    this.runs = runs;
    this.starts = starts;
    this.events = events;
    this.definitions = definitions;
    this.json = json;
  }

  @PostMapping
  @Operation(
      summary = "Start a run",
      description =
          "Of a saved workflow ({workflowId, input, version?, businessKey?}) or of an inline"
              + " definition ({definition, triggerData}). An input that breaks the trigger's"
              + " inputSchema is a 400 problem naming each field (input.amount). The same"
              + " Idempotency-Key with the same body answers with the run it started; with another"
              + " body it is a 409.")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              examples = @ExampleObject(name = "hello", ref = "start-run")))
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: the run runs asynchronously; Location names it",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = RunAccepted.class),
              examples = @ExampleObject(name = "accepted", ref = "run-accepted")))
  ResponseEntity<RunAccepted> start(
      Tenant tenant,
      @RequestBody JsonNode body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    if (!body.isObject()) {
      throw new InvalidRequestException("$", "must be a JSON object");
    }
    IdempotencyKeys.check(idempotencyKey);
    Object trigger = triggerData(body);
    TenantId tenantId = TenantId.of(tenant.id());
    StoredDefinition definition = definitionToRun(tenantId, body);
    checkInput(definition, trigger, body.hasNonNull("input") ? "input" : "triggerData");
    RunView run =
        starts.start(
            new RunStart(tenantId, definition, trigger, idempotencyKey, businessKey(body), body));
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/runs/" + run.runId()))
        .body(new RunAccepted(run.runId(), run.workflowId(), run.version(), run.status()));
  }

  @GetMapping("/{runId}")
  @Operation(summary = "Read a run: its state, each node's output, its error")
  @ApiResponse(
      responseCode = "200",
      description = "The run",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = RunView.class),
              examples = @ExampleObject(name = "completed", ref = "run-completed")))
  RunView get(Tenant tenant, @PathVariable String runId) {
    return runs.get(TenantId.of(tenant.id()), RunId.of(runId));
  }

  /**
   * Cancels a run that has not finished; body optional: {@code {"reason": "..."}}. 409 if it has.
   */
  @PostMapping("/{runId}/cancel")
  @Operation(summary = "Cancel a run that has not finished (optional body {\"reason\": \"...\"})")
  RunView cancel(
      Tenant tenant, @PathVariable String runId, @RequestBody(required = false) JsonNode body) {
    String reason = null;
    if (body != null && !body.isNull() && !body.isMissingNode()) {
      JsonNode given = body.get("reason");
      if (!body.isObject() || (given != null && !given.isNull() && !given.isString())) {
        throw new InvalidRequestException("reason", "must be a string");
      }
      reason = given == null || given.isNull() ? null : given.asString();
    }
    return runs.cancel(TenantId.of(tenant.id()), RunId.of(runId), reason);
  }

  /**
   * Delivers {@code {eventName, eventData}} to the approval gates waiting for it; 409 if none is or
   * the run finished.
   */
  @PostMapping("/{runId}/events")
  @Operation(summary = "Deliver {eventName, eventData} to the approval gates waiting for it")
  RunView event(Tenant tenant, @PathVariable String runId, @RequestBody JsonNode body) {
    JsonNode eventName = body.get("eventName");
    if (eventName == null || !eventName.isString() || eventName.asString().isBlank()) {
      throw new InvalidRequestException("eventName", "is required: the event a gate waits for");
    }
    JsonNode data = body.get("eventData");
    Object eventData = Map.of();
    if (data != null && !data.isNull()) {
      if (!data.isObject()) {
        throw new InvalidRequestException("eventData", "must be a JSON object");
      }
      eventData = json.treeToValue(data, LinkedHashMap.class);
    }
    return events.deliver(
        TenantId.of(tenant.id()), RunId.of(runId), eventName.asString(), eventData);
  }

  /** Every node attempt of the run, in start order: input, output, error, timings. */
  @GetMapping("/{runId}/history")
  @Operation(summary = "Every node attempt of the run, in start order, with input and output")
  List<NodeAttempt> history(Tenant tenant, @PathVariable String runId) {
    return runs.history(TenantId.of(tenant.id()), RunId.of(runId));
  }

  private StoredDefinition definitionToRun(TenantId tenant, JsonNode body) {
    if (body.hasNonNull("definition")) {
      return definitions.saveInline(tenant, body.get("definition"));
    }
    JsonNode workflowId = body.get("workflowId");
    if (workflowId == null || !workflowId.isString() || workflowId.asString().isBlank()) {
      throw new InvalidRequestException(
          "workflowId", "is required (or send an inline 'definition')");
    }
    String id = workflowId.asString();
    Integer version = requestedVersion(body);
    return definitions
        .toStart(tenant, WorkflowId.of(id), version)
        .orElseThrow(
            () ->
                new WorkflowNotFoundException(
                    version == null
                        ? "No workflow '" + id + "'"
                        : "Workflow '" + id + "' has no version " + version));
  }

  /**
   * The input against the trigger's {@code inputSchema}, when it has one: a 400 problem naming
   * every field that breaks it ({@code input.amount}), before anything is stored.
   */
  private static void checkInput(StoredDefinition definition, Object input, String field) {
    Object schema = definition.definition().trigger().config().get("inputSchema");
    List<FieldProblem> problems =
        FormSchemas.violations(schema, input).stream()
            .map(v -> new FieldProblem(v.field(field), v.message()))
            .toList();
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  /** The optional {@code version} to start on; null for the latest. */
  private static Integer requestedVersion(JsonNode body) {
    JsonNode version = body.get("version");
    if (version == null || version.isNull()) {
      return null;
    }
    if (!version.isInt() || version.intValue() < 1) {
      throw new InvalidRequestException("version", "must be a positive integer");
    }
    return version.intValue();
  }

  /** The optional {@code businessKey}: the same key starts one run of the workflow. */
  private static String businessKey(JsonNode body) {
    JsonNode key = body.get("businessKey");
    if (key == null || key.isNull()) {
      return null;
    }
    if (!key.isString() || key.asString().isBlank() || key.asString().length() > 200) {
      throw new InvalidRequestException("businessKey", "must be a non-empty string of at most 200");
    }
    return key.asString();
  }

  /** {@code input}, or the seed's {@code triggerData}; an object when given, {} when absent. */
  private Object triggerData(JsonNode body) {
    JsonNode data = body.hasNonNull("input") ? body.get("input") : body.get("triggerData");
    if (data == null || data.isNull()) {
      return Map.of();
    }
    if (!data.isObject()) {
      throw new InvalidRequestException(
          body.hasNonNull("input") ? "input" : "triggerData", "must be a JSON object");
    }
    return json.treeToValue(data, LinkedHashMap.class);
  }

  /** What {@code POST /runs} answers: the run is accepted and runs asynchronously. */
  record RunAccepted(String runId, String workflowId, int version, RunStatus status) {}
}
