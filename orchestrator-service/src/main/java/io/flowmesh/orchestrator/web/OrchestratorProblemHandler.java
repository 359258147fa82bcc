package io.flowmesh.orchestrator.web;

import io.flowmesh.model.ProblemTypes;
import io.flowmesh.orchestrator.definition.FunctionCatalog.FunctionCatalogUnavailableException;
import io.flowmesh.orchestrator.definition.UnreadableDefinitionException;
import io.flowmesh.orchestrator.definition.WorkflowDisabledException;
import io.flowmesh.orchestrator.run.IdempotencyKeyReusedException;
import io.flowmesh.orchestrator.run.RunNotFoundException;
import io.flowmesh.orchestrator.run.RunStateConflictException;
import io.flowmesh.orchestrator.run.TaskNotFoundException;
import io.flowmesh.orchestrator.run.WorkflowNotFoundException;
import io.flowmesh.web.ProblemHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the orchestrator's domain exceptions to RFC 9457 problems. */
@RestControllerAdvice
class OrchestratorProblemHandler extends ProblemHandler {

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

  @ExceptionHandler(WorkflowNotFoundException.class)
  ProblemDetail workflowNotFound(WorkflowNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(FunctionCatalogUnavailableException.class)
  ProblemDetail catalogUnavailable(FunctionCatalogUnavailableException e) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemTypes.UNAVAILABLE,
        "The function registry could not be asked whether the workflow's functions exist; try"
            + " again shortly.");
  }
}
