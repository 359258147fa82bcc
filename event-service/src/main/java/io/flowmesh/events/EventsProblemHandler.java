package io.flowmesh.events;

import io.flowmesh.events.eventtype.EventTypeNotFoundException;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps this service's domain exceptions to problems; {@link ProblemHandler} does the rest. */
@RestControllerAdvice
class EventsProblemHandler extends ProblemHandler {

  @ExceptionHandler(EventTypeNotFoundException.class)
  ProblemDetail eventTypeNotFound(EventTypeNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }
}
