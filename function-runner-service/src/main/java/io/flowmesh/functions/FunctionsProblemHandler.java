package io.flowmesh.functions;

import io.flowmesh.functions.direct.ExecutionIdConflictException;
import io.flowmesh.functions.direct.FunctionDisabledException;
import io.flowmesh.functions.registry.FunctionConflictException;
import io.flowmesh.functions.registry.FunctionNotFoundException;
import io.flowmesh.functions.registry.RevisionMismatchException;
import io.flowmesh.functions.worker.StaleLeaseException;
import io.flowmesh.functions.worker.TaskNotFoundException;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps this service's domain exceptions to problems; {@link ProblemHandler} does the rest. */
@RestControllerAdvice
class FunctionsProblemHandler extends ProblemHandler {

  @ExceptionHandler(FunctionNotFoundException.class)
  ProblemDetail functionNotFound(FunctionNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(FunctionConflictException.class)
  ProblemDetail conflict(FunctionConflictException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(RevisionMismatchException.class)
  ProblemDetail revisionMismatch(RevisionMismatchException e) {
    return problem(HttpStatus.PRECONDITION_FAILED, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(ExecutionIdConflictException.class)
  ProblemDetail executionIdReused(ExecutionIdConflictException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  /** 422, not 404: the registry shows the function, so "not found" would mislead (ADR 0022). */
  @ExceptionHandler(FunctionDisabledException.class)
  ProblemDetail functionDisabled(FunctionDisabledException e) {
    return problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(TaskNotFoundException.class)
  ProblemDetail taskNotFound(TaskNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(StaleLeaseException.class)
  ProblemDetail staleLease(StaleLeaseException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }
}
