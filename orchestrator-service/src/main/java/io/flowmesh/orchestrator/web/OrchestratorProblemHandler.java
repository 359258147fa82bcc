package io.flowmesh.orchestrator.web;

import io.flowmesh.model.ProblemTypes;
import io.flowmesh.orchestrator.definition.DefinitionInUseException;
import io.flowmesh.orchestrator.definition.DefinitionTooLargeException;
import io.flowmesh.orchestrator.definition.DefinitionUsage;
import io.flowmesh.orchestrator.definition.FunctionCatalog.FunctionCatalogUnavailableException;
import io.flowmesh.orchestrator.definition.UnreadableDefinitionException;
import io.flowmesh.orchestrator.definition.WorkflowDisabledException;
import io.flowmesh.orchestrator.run.IdempotencyKeyReusedException;
import io.flowmesh.orchestrator.run.RunNotFoundException;
import io.flowmesh.orchestrator.run.RunStateConflictException;
import io.flowmesh.orchestrator.run.TaskNotFoundException;
import io.flowmesh.orchestrator.run.WorkflowNotFoundException;
import io.flowmesh.orchestrator.run.credentials.RunCredentialsUnavailableException;
import io.flowmesh.web.ProblemHandler;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the orchestrator's domain exceptions to RFC 9457 problems. */
@RestControllerAdvice
class OrchestratorProblemHandler extends ProblemHandler {

  /** PostgreSQL's SQLSTATE for a foreign key violation. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /** The foreign key from a run to the definition version it runs (V1 migration). */
  private static final String RUN_DEFINITION_KEY = "runs_tenant_workflow_id_workflow_version_fkey";

  private static final Logger log = LoggerFactory.getLogger(OrchestratorProblemHandler.class);

  @ExceptionHandler(RunNotFoundException.class)
  ProblemDetail runNotFound(RunNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(TaskNotFoundException.class)
  ProblemDetail taskNotFound(TaskNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(RunStateConflictException.class)
  ProblemDetail wrongState(RunStateConflictException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(WorkflowDisabledException.class)
  ProblemDetail workflowDisabled(WorkflowDisabledException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  /** The run's saved definition no longer parses: the operation cannot proceed on that version. */
  @ExceptionHandler(UnreadableDefinitionException.class)
  ProblemDetail unreadableDefinition(UnreadableDefinitionException e) {
    return problem(
        HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "The run's definition: " + e.getMessage());
  }

  /** 413, not the 400 of other invalid definitions: the client must send less, not fix a field. */
  @ExceptionHandler(DefinitionTooLargeException.class)
  ProblemDetail definitionTooLarge(DefinitionTooLargeException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, e.detail());
  }

  @ExceptionHandler(WorkflowNotFoundException.class)
  ProblemDetail workflowNotFound(WorkflowNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  /** A start or purge needed integration-service for the run's credentials; nothing happened. */
  @ExceptionHandler(RunCredentialsUnavailableException.class)
  ProblemDetail runCredentialsUnavailable(RunCredentialsUnavailableException e) {
    log.warn("{}", e.getMessage());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemTypes.UNAVAILABLE,
        "The run's credentials could not be stored or deleted in integration-service, so nothing"
            + " was done; try again shortly.");
  }

  @ExceptionHandler(FunctionCatalogUnavailableException.class)
  ProblemDetail catalogUnavailable(FunctionCatalogUnavailableException e) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemTypes.UNAVAILABLE,
        "The function registry could not be asked whether the workflow's functions exist; try"
            + " again shortly.");
  }

  /** A 409 problem with what uses the workflow as members a client can act on. */
  @ExceptionHandler(DefinitionInUseException.class)
  ProblemDetail inUse(DefinitionInUseException e) {
    DefinitionUsage usage = e.usage();
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setType(ProblemTypes.CONFLICT);
    problem.setTitle(HttpStatus.CONFLICT.getReasonPhrase());
    problem.setProperty("runs", usage.runs());
    problem.setProperty("unfinishedRuns", usage.unfinishedRuns());
    problem.setProperty(
        "referringWorkflows",
        usage.referrers().stream()
            .map(r -> Map.of("workflowId", r.workflowId(), "versions", r.versions()))
            .toList());
    return problem;
  }

  /**
   * A run start that lost the race with the delete of its workflow: the version it was about to run
   * on is gone (ADR 0020), so the workflow is not found, as it would be a moment later.
   */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> integrityViolation(DataIntegrityViolationException e) {
    if (e.getMostSpecificCause() instanceof SQLException sql
        && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())
        && String.valueOf(sql.getMessage()).contains(RUN_DEFINITION_KEY)) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(
              problem(
                  HttpStatus.NOT_FOUND,
                  ProblemTypes.NOT_FOUND,
                  "The workflow was deleted while the run started; no run was created"));
    }
    return unexpected(e);
  }
}
