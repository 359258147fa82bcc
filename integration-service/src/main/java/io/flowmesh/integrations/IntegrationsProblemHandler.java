package io.flowmesh.integrations;

import io.flowmesh.integrations.connection.ConnectionNotFoundException;
import io.flowmesh.integrations.integrationtype.IntegrationTypeNotFoundException;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps this service's domain exceptions to problems; {@link ProblemHandler} does the rest. */
@RestControllerAdvice
class IntegrationsProblemHandler extends ProblemHandler {

  @ExceptionHandler(IntegrationTypeNotFoundException.class)
  ProblemDetail integrationTypeNotFound(IntegrationTypeNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ConnectionNotFoundException.class)
  ProblemDetail connectionNotFound(ConnectionNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }
}
