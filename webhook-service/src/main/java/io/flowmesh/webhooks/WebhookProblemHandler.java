package io.flowmesh.webhooks;

import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import io.flowmesh.webhooks.subscription.IdempotencyKeyReusedException;
import io.flowmesh.webhooks.subscription.SubscriptionNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps webhook-service's domain exceptions to RFC 9457 problems. */
@RestControllerAdvice
class WebhookProblemHandler extends ProblemHandler {

  @ExceptionHandler(SubscriptionNotFoundException.class)
  ProblemDetail notFound(SubscriptionNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }
}
