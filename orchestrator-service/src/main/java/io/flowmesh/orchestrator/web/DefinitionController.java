package io.flowmesh.orchestrator.web;

import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.DefinitionVersion;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.run.WorkflowNotFoundException;
import io.flowmesh.web.Tenant;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/workflow-definitions}: save a version, read the latest. */
@RestController
@RequestMapping("/api/v1/workflow-definitions")
class DefinitionController {

  private final DefinitionService definitions;

  DefinitionController(DefinitionService definitions) {
    this.definitions = definitions;
  }

  @PostMapping
  ResponseEntity<DefinitionSaved> save(
      Tenant tenant,
      @RequestBody JsonNode document,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    StoredDefinition saved = definitions.save(tenant.id(), document, idempotencyKey);
    return ResponseEntity.created(URI.create("/api/v1/workflow-definitions/" + saved.workflowId()))
        .body(DefinitionSaved.of(saved));
  }

  @GetMapping("/{workflowId}")
  DefinitionSaved latest(Tenant tenant, @PathVariable String workflowId) {
    return definitions
        .latest(tenant.id(), workflowId)
        .map(DefinitionSaved::of)
        .orElseThrow(() -> new WorkflowNotFoundException("No workflow '" + workflowId + "'"));
  }

  /** Every saved version of the workflow, newest first. */
  @GetMapping("/{workflowId}/versions")
  List<DefinitionVersion> versions(Tenant tenant, @PathVariable String workflowId) {
    List<DefinitionVersion> versions = definitions.versions(tenant.id(), workflowId);
    if (versions.isEmpty()) {
      throw new WorkflowNotFoundException("No workflow '" + workflowId + "'");
    }
    return versions;
  }

  /** Stops new runs of the workflow (runs already started continue); 409 if already disabled. */
  @PostMapping("/{workflowId}/disable")
  ResponseEntity<Void> disable(Tenant tenant, @PathVariable String workflowId) {
    versions(tenant, workflowId);
    definitions.disable(tenant.id(), workflowId);
    return ResponseEntity.noContent().build();
  }

  /** Allows new runs again; 409 if the workflow is not disabled. */
  @PostMapping("/{workflowId}/enable")
  ResponseEntity<Void> enable(Tenant tenant, @PathVariable String workflowId) {
    versions(tenant, workflowId);
    definitions.enable(tenant.id(), workflowId);
    return ResponseEntity.noContent().build();
  }

  /** A saved version. */
  record DefinitionSaved(String id, int version, String name, Instant createdAt) {
    static DefinitionSaved of(StoredDefinition stored) {
      return new DefinitionSaved(
          stored.workflowId(), stored.version(), stored.definition().name(), stored.createdAt());
    }
  }
}
