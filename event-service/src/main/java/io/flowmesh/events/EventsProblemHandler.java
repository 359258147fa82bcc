package io.flowmesh.events;

import io.flowmesh.events.eventtype.EventTypeConflictException;
import io.flowmesh.events.eventtype.EventTypeNotFoundException;
import io.flowmesh.events.hook.HookBodyTooLargeException;
import io.flowmesh.events.hook.HookNotFoundException;
import io.flowmesh.events.hook.HookRateLimitedException;
import io.flowmesh.events.hook.HookRefusedException;
import io.flowmesh.events.ingest.EventRejectedException;
import io.flowmesh.events.ingest.EventTooLargeException;
import io.flowmesh.events.ingest.NotACloudEventException;
import io.flowmesh.events.lookup.EventNotFoundException;
import io.flowmesh.events.schedule.ScheduleNotFoundException;
import io.flowmesh.events.trigger.TriggerNotFoundException;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps this service's domain exceptions to problems; {@link ProblemHandler} does the rest. */
@RestControllerAdvice
class EventsProblemHandler extends ProblemHandler {

  @ExceptionHandler(EventTypeNotFoundException.class)
  ProblemDetail eventTypeNotFound(EventTypeNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(EventTypeConflictException.class)
  ProblemDetail eventTypeConflict(EventTypeConflictException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(EventNotFoundException.class)
  ProblemDetail eventNotFound(EventNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(TriggerNotFoundException.class)
  ProblemDetail triggerNotFound(TriggerNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ScheduleNotFoundException.class)
  ProblemDetail scheduleNotFound(ScheduleNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(EventRejectedException.class)
  ProblemDetail eventRejected(EventRejectedException e) {
    ProblemDetail problem =
        problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION, e.getMessage());
    problem.setProperty("errors", errors(e.problems()));
    return problem;
  }

  @ExceptionHandler(EventTooLargeException.class)
  ProblemDetail eventTooLarge(EventTooLargeException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(NotACloudEventException.class)
  ProblemDetail notACloudEvent(NotACloudEventException e) {
    return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED, e.getMessage());
  }

  @ExceptionHandler(HookNotFoundException.class)
  ProblemDetail hookNotFound(HookNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  /** Which check failed, in the detail and as {@code reason}; never a secret or expected value. */
  @ExceptionHandler(HookRefusedException.class)
  ProblemDetail hookRefused(HookRefusedException e) {
    ProblemDetail problem =
        problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, e.getMessage());
    problem.setProperty("reason", e.reason());
    return problem;
  }

  @ExceptionHandler(HookBodyTooLargeException.class)
  ProblemDetail hookBodyTooLarge(HookBodyTooLargeException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(HookRateLimitedException.class)
  ResponseEntity<ProblemDetail> hookRateLimited(HookRateLimitedException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .body(problem(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, e.getMessage()));
  }

  @ExceptionHandler(DeclaredByWorkflowException.class)
  ProblemDetail declaredByWorkflow(DeclaredByWorkflowException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }
}
