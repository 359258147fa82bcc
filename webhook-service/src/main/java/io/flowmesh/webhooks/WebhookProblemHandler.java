package io.flowmesh.webhooks;

import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import io.flowmesh.webhooks.delivery.DeliveryConflictException;
import io.flowmesh.webhooks.delivery.DeliveryNotFoundException;
import io.flowmesh.webhooks.subscription.IdempotencyKeyReusedException;
import io.flowmesh.webhooks.subscription.PreconditionFailedException;
import io.flowmesh.webhooks.subscription.SubscriptionConflictException;
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

  @ExceptionHandler(DeliveryNotFoundException.class)
  ProblemDetail deliveryNotFound(DeliveryNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(DeliveryConflictException.class)
  ProblemDetail deliveryConflict(DeliveryConflictException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(SubscriptionConflictException.class)
  ProblemDetail conflict(SubscriptionConflictException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(PreconditionFailedException.class)
  ProblemDetail preconditionFailed(PreconditionFailedException e) {
    return problem(
        e.missing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED,
        ProblemTypes.PRECONDITION_FAILED,
        e.getMessage());
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }
}
