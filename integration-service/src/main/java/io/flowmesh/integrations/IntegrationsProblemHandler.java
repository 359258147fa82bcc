package io.flowmesh.integrations;

import io.flowmesh.integrations.connection.ConnectionExceptions;
import io.flowmesh.integrations.connection.ConnectionNotFoundException;
import io.flowmesh.integrations.credentials.TokenFetchException;
import io.flowmesh.integrations.crypto.DecryptionFailedException;
import io.flowmesh.integrations.integrationtype.IntegrationTypeNotFoundException;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps this service's domain exceptions to problems; {@link ProblemHandler} does the rest. */
@RestControllerAdvice
class IntegrationsProblemHandler extends ProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(IntegrationsProblemHandler.class);

  @ExceptionHandler(IntegrationTypeNotFoundException.class)
  ProblemDetail integrationTypeNotFound(IntegrationTypeNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ConnectionNotFoundException.class)
  ProblemDetail connectionNotFound(ConnectionNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ConnectionExceptions.DuplicateName.class)
  ProblemDetail duplicateName(ConnectionExceptions.DuplicateName e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(ConnectionExceptions.IdempotencyKeyReused.class)
  ProblemDetail idempotencyKeyReused(ConnectionExceptions.IdempotencyKeyReused e) {
    return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(ConnectionExceptions.VersionMismatch.class)
  ProblemDetail versionMismatch(ConnectionExceptions.VersionMismatch e) {
    return problem(HttpStatus.PRECONDITION_FAILED, ProblemTypes.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(ConnectionExceptions.VersionRequired.class)
  ProblemDetail versionRequired(ConnectionExceptions.VersionRequired e) {
    return problem(HttpStatus.PRECONDITION_REQUIRED, ProblemTypes.VALIDATION, e.getMessage());
  }

  // The operator must fix keys; the client learns only that the stored secret is unusable.
  @ExceptionHandler(DecryptionFailedException.class)
  ProblemDetail decryptionFailed(DecryptionFailedException e) {
    log.error("Stored connection secret cannot be decrypted: {}", e.getMessage());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemTypes.UNAVAILABLE,
        "The connection's stored credentials cannot be decrypted with the configured master keys;"
            + " an operator has been alerted through the log.");
  }

  @ExceptionHandler(TokenFetchException.class)
  ProblemDetail tokenFetchFailed(TokenFetchException e) {
    return problem(
        HttpStatus.BAD_GATEWAY,
        ProblemTypes.UNAVAILABLE,
        "The connection's OAuth2 token could not be obtained: " + e.getMessage());
  }
}
