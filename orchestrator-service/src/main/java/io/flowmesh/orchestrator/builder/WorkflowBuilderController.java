package io.flowmesh.orchestrator.builder;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.run.RunEventService;
import io.flowmesh.orchestrator.run.RunPauseService;
import io.flowmesh.orchestrator.run.RunService;
import io.flowmesh.orchestrator.run.RunStart;
import io.flowmesh.orchestrator.run.RunStarts;
import io.flowmesh.orchestrator.run.RunView;
import io.flowmesh.orchestrator.run.operations.RunPurge;
import io.flowmesh.web.IdempotencyKeys;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v2/workflows}: the Workflow Builder's API, request and response shapes unchanged, on
 * the runs of {@code /api/v1/runs}. An instance id is a run id, so a run started here is read and
 * operated through either API.
 */
@RestController
@RequestMapping("/api/v2/workflows")
@Tag(name = "Workflow Builder API")
class WorkflowBuilderController {

  private static final String START_EXAMPLE =
      """
      {"definition": {"id": "my-workflow", "name": "My Workflow", "version": "1.0.0",
        "nodes": [
          {"id": "trigger", "type": "trigger", "label": "Start", "enabled": true,
           "position": {"x": 0, "y": 100}, "config": {}},
          {"id": "node-1", "type": "action", "label": "Get UUID", "enabled": true,
           "position": {"x": 200, "y": 100}, "config": {"actionId": "system/uuid"}}],
        "edges": [{"id": "e1", "source": "trigger", "target": "node-1"}],
        "executionOrder": ["trigger", "node-1"]},
       "triggerData": {"input": "value"}}""";

  private static final String STATUS_EXAMPLE =
      """
      {"instanceId": "run_01a21115aaef7adbbacac0bc91ae1be5", "workflowId": "my-workflow",
       "runtimeStatus": "COMPLETED", "phase": "completed", "progress": 100,
       "outputs": {"trigger": {"input": "value"},
                   "node-1": {"success": true, "data": {"uuid": "0b0c5d5e-8f1a-4c55-9d2e-1f3a2b4c5d6e"}}},
       "error": null, "startedAt": "2026-12-07T18:00:00Z", "completedAt": "2026-12-07T18:00:00.2Z"}""";

  private final DefinitionService definitions;
  private final RunStarts starts;
  private final RunService runs;
  private final RunPauseService pauses;
  private final RunEventService events;
  private final RunPurge purge;
  private final JsonMapper json;

  WorkflowBuilderController(
      DefinitionService definitions,
      RunStarts starts,
      RunService runs,
      RunPauseService pauses,
      RunEventService events,
      RunPurge purge,
      JsonMapper json) {
    this.definitions = definitions;
    this.starts = starts;
    this.runs = runs;
    this.pauses = pauses;
    this.events = events;
    this.purge = purge;
    this.json = json;
  }

  @PostMapping
  @Operation(
      summary = "Start a workflow (Workflow Builder API)",
      description =
          "Body {definition, triggerData?, integrations?}. The definition is validated and saved"
              + " as a version of its workflow (the same document again reuses that version); the"
              + " run starts at once. integrations are credentials for this run only.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = "application/json",
                      examples = @ExampleObject(name = "start", value = START_EXAMPLE))))
  @ApiResponse(
      responseCode = "202",
      description = "Started",
      content =
          @Content(
              mediaType = "application/json",
              examples =
                  @ExampleObject(
                      value =
                          "{\"instanceId\": \"run_01a21115aaef7adbbacac0bc91ae1be5\","
                              + " \"workflowId\": \"my-workflow\", \"status\": \"started\"}")))
  ResponseEntity<WorkflowStarted> start(
      Tenant tenant,
      @RequestBody JsonNode body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    if (!body.isObject()) {
      throw new InvalidRequestException("$", "must be a JSON object");
    }
    IdempotencyKeys.check(idempotencyKey);
    JsonNode document = body.get("definition");
    if (document == null || !document.isObject()) {
      throw new InvalidRequestException(
          "definition", "is required: the workflow definition to run, a JSON object");
    }
    Map<String, Object> triggerData = object(body, "triggerData");
    Map<String, Object> integrations = integrations(body);
    TenantId tenantId = TenantId.of(tenant.id());
    StoredDefinition definition = definitions.saveInline(tenantId, document);
    RunView run =
        starts.start(
            new RunStart(
                tenantId,
                definition,
                triggerData,
                idempotencyKey,
                null,
                withoutSecrets(body),
                integrations));
    return ResponseEntity.accepted()
        .location(URI.create("/api/v2/workflows/" + run.runId() + "/status"))
        .body(new WorkflowStarted(run.runId(), run.workflowId(), "started"));
  }

  @GetMapping("/{instanceId}/status")
  @Operation(summary = "A workflow's status, outputs in the Workflow Builder's shape")
  @ApiResponse(
      responseCode = "200",
      description = "The run",
      content =
          @Content(
              mediaType = "application/json",
              examples = @ExampleObject(value = STATUS_EXAMPLE)))
  WorkflowStatus status(Tenant tenant, @PathVariable String instanceId) {
    TenantId tenantId = TenantId.of(tenant.id());
    return status(tenantId, runs.get(tenantId, RunId.of(instanceId)));
  }

  @PostMapping("/{instanceId}/events")
  @Operation(
      summary = "Raise an event (for approval gates)",
      description =
          "Body {eventName, eventData?}. Completes the approval gates waiting for eventName (their"
              + " config.eventName, or approval_<node id>) with eventData as their output. 409 if"
              + " no gate of the run waits for it or the run finished.")
  WorkflowStatus raiseEvent(
      Tenant tenant, @PathVariable String instanceId, @RequestBody JsonNode body) {
    if (!body.isObject()) {
      throw new InvalidRequestException("$", "must be a JSON object {eventName, eventData}");
    }
    JsonNode eventName = body.get("eventName");
    if (eventName == null || !eventName.isString() || eventName.asString().isBlank()) {
      throw new InvalidRequestException("eventName", "is required: the event a gate waits for");
    }
    TenantId tenantId = TenantId.of(tenant.id());
    return status(
        tenantId,
        events.deliver(
            tenantId, RunId.of(instanceId), eventName.asString(), object(body, "eventData")));
  }

  @PostMapping("/{instanceId}/terminate")
  @Operation(summary = "Terminate a running workflow", description = "409 if it has finished.")
  WorkflowStatus terminate(Tenant tenant, @PathVariable String instanceId) {
    TenantId tenantId = TenantId.of(tenant.id());
    return status(tenantId, runs.cancel(tenantId, RunId.of(instanceId), "terminated"));
  }

  @PostMapping("/{instanceId}/pause")
  @Operation(
      summary = "Suspend a workflow",
      description = "No new node starts until it is resumed. 409 if paused already or finished.")
  WorkflowStatus pause(Tenant tenant, @PathVariable String instanceId) {
    TenantId tenantId = TenantId.of(tenant.id());
    return status(tenantId, pauses.pause(tenantId, RunId.of(instanceId), null));
  }

  @PostMapping("/{instanceId}/resume")
  @Operation(summary = "Resume a suspended workflow", description = "409 if it is not paused.")
  WorkflowStatus resume(Tenant tenant, @PathVariable String instanceId) {
    TenantId tenantId = TenantId.of(tenant.id());
    return status(tenantId, pauses.resume(tenantId, RunId.of(instanceId)));
  }

  @DeleteMapping("/{instanceId}")
  @Operation(
      summary = "Purge a finished workflow",
      description = "Deletes the run, its history and its credentials. 409 if it has not finished.")
  @ApiResponse(responseCode = "204", description = "Purged")
  ResponseEntity<Void> purge(Tenant tenant, @PathVariable String instanceId) {
    purge.purge(TenantId.of(tenant.id()), RunId.of(instanceId));
    return ResponseEntity.noContent().build();
  }

  private WorkflowStatus status(TenantId tenant, RunView run) {
    StoredDefinition definition =
        definitions.find(tenant, WorkflowId.of(run.workflowId()), run.version()).orElseThrow();
    return WorkflowStatusMapping.of(run, definition.definition());
  }

  /** An optional object field; {} when absent. */
  private Map<String, Object> object(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new InvalidRequestException(field, "must be a JSON object");
    }
    return json.treeToValue(value, LinkedHashMap.class);
  }

  /** {@code integrations}: credentials per integration name, each an object of fields. */
  private Map<String, Object> integrations(JsonNode body) {
    Map<String, Object> integrations = object(body, "integrations");
    integrations.forEach(
        (name, credentials) -> {
          if (!(credentials instanceof Map<?, ?>)) {
            throw new InvalidRequestException(
                "integrations." + name, "must be an object of credential fields");
          }
        });
    return integrations;
  }

  /**
   * The request an idempotency key is compared by: credentials count by their names only, so no
   * digest of a secret is stored with the run.
   */
  private static JsonNode withoutSecrets(JsonNode body) {
    ObjectNode request = (ObjectNode) body.deepCopy();
    JsonNode integrations = request.remove("integrations");
    if (integrations != null && integrations.isObject()) {
      request.putPOJO("integrations", integrations.propertyNames());
    }
    return request;
  }

  /** What the start answers, as the Workflow Builder does. */
  record WorkflowStarted(String instanceId, String workflowId, String status) {}
}
