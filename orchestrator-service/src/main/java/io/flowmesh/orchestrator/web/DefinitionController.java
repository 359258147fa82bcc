package io.flowmesh.orchestrator.web;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionDocument;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.DefinitionVersion;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.definition.catalog.CatalogFilter;
import io.flowmesh.orchestrator.definition.catalog.DefinitionCatalog;
import io.flowmesh.orchestrator.definition.catalog.DefinitionSummary;
import io.flowmesh.orchestrator.run.WorkflowNotFoundException;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/workflow-definitions}: save a version, list workflows, read a version with its
 * document, disable, enable and delete a workflow.
 */
@RestController
@RequestMapping("/api/v1/workflow-definitions")
@Tag(name = "Workflow definitions")
class DefinitionController {

  private final DefinitionService definitions;
  private final DefinitionCatalog catalog;

  DefinitionController(DefinitionService definitions, DefinitionCatalog catalog) {
    this.definitions = definitions;
    this.catalog = catalog;
  }

  @PostMapping
  ResponseEntity<DefinitionSaved> save(
      Tenant tenant,
      @RequestBody JsonNode document,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    StoredDefinition saved = definitions.save(TenantId.of(tenant.id()), document, idempotencyKey);
    return ResponseEntity.created(URI.create("/api/v1/workflow-definitions/" + saved.workflowId()))
        .body(DefinitionSaved.of(saved));
  }

  /** The builder's check while editing (ADR 0046): what a save would answer, without the save. */
  @PostMapping("/validation")
  @Operation(summary = "Check a definition as a save would (204, or the save's 400); save nothing")
  ResponseEntity<Void> validate(Tenant tenant, @RequestBody JsonNode document) {
    definitions.validate(TenantId.of(tenant.id()), document);
    return ResponseEntity.noContent().build();
  }

  @GetMapping
  @Operation(
      summary = "List workflows, by id",
      description =
          "The latest version of each workflow of the tenant, summarised. Cursor pagination: pass"
              + " the page's nextCursor as cursor for the next page (null on the last page).")
  Page<DefinitionSummary> list(
      Tenant tenant,
      @Parameter(description = "Text the workflow's id or name contains, in any case")
          @RequestParam(required = false)
          String name,
      @Parameter(description = "A tag of the latest version (metadata.tags), in any case")
          @RequestParam(required = false)
          String tag,
      @Parameter(description = "Page size, 1 to 200") @RequestParam(defaultValue = "50") int limit,
      @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false)
          String cursor) {
    return catalog.list(
        TenantId.of(tenant.id()), CatalogFilter.parse(name, tag), PageRequest.of(limit, cursor));
  }

  @GetMapping("/{workflowId}")
  @Operation(summary = "The latest version, with its document as saved")
  DefinitionDetails latest(Tenant tenant, @PathVariable String workflowId) {
    return definitions
        .latestDocument(TenantId.of(tenant.id()), WorkflowId.of(workflowId))
        .map(DefinitionDetails::of)
        .orElseThrow(() -> new WorkflowNotFoundException("No workflow '" + workflowId + "'"));
  }

  /** Every saved version of the workflow, newest first. */
  @GetMapping("/{workflowId}/versions")
  List<DefinitionVersion> versions(Tenant tenant, @PathVariable String workflowId) {
    List<DefinitionVersion> versions =
        definitions.versions(TenantId.of(tenant.id()), WorkflowId.of(workflowId));
    if (versions.isEmpty()) {
      throw new WorkflowNotFoundException("No workflow '" + workflowId + "'");
    }
    return versions;
  }

  @GetMapping("/{workflowId}/versions/{version}")
  @Operation(
      summary = "One version, with its document as saved",
      description = "Fields the engine ignores (position, metadata, a version string) included.")
  DefinitionDetails version(
      Tenant tenant, @PathVariable String workflowId, @PathVariable int version) {
    return definitions
        .document(TenantId.of(tenant.id()), WorkflowId.of(workflowId), version)
        .map(DefinitionDetails::of)
        .orElseThrow(
            () ->
                new WorkflowNotFoundException(
                    "Workflow '" + workflowId + "' has no version " + version));
  }

  /** Stops new runs of the workflow (runs already started continue); 409 if already disabled. */
  @PostMapping("/{workflowId}/disable")
  ResponseEntity<Void> disable(Tenant tenant, @PathVariable String workflowId) {
    versions(tenant, workflowId);
    definitions.disable(TenantId.of(tenant.id()), WorkflowId.of(workflowId));
    return ResponseEntity.noContent().build();
  }

  /** Allows new runs again; 409 if the workflow is not disabled. */
  @PostMapping("/{workflowId}/enable")
  ResponseEntity<Void> enable(Tenant tenant, @PathVariable String workflowId) {
    versions(tenant, workflowId);
    definitions.enable(TenantId.of(tenant.id()), WorkflowId.of(workflowId));
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{workflowId}")
  @Operation(
      summary = "Delete every version of a workflow",
      description =
          "409 while runs of it exist (purge them first) or sub-workflow nodes of other workflows"
              + " start it; the problem's runs and referringWorkflows members say which.")
  ResponseEntity<Void> delete(Tenant tenant, @PathVariable String workflowId) {
    if (!definitions.delete(TenantId.of(tenant.id()), WorkflowId.of(workflowId))) {
      throw new WorkflowNotFoundException("No workflow '" + workflowId + "'");
    }
    return ResponseEntity.noContent().build();
  }

  /** A saved version, as the save answers. */
  record DefinitionSaved(String id, int version, String name, Instant createdAt) {
    static DefinitionSaved of(StoredDefinition stored) {
      return new DefinitionSaved(
          stored.workflowId().value(),
          stored.version(),
          stored.definition().name(),
          stored.createdAt());
    }
  }

  /** A saved version with its document. */
  record DefinitionDetails(
      String id, int version, String name, Instant createdAt, JsonNode document) {
    static DefinitionDetails of(DefinitionDocument saved) {
      return new DefinitionDetails(
          saved.workflowId().value(),
          saved.version(),
          saved.name(),
          saved.createdAt(),
          saved.document());
    }
  }
}
