package io.flowmesh.web;

import io.flowmesh.model.ProblemTypes;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Base of each service's {@code @RestControllerAdvice}: framework errors (malformed JSON, wrong
 * types, unknown paths, wrong methods) become RFC 9457 problems with a precise detail, and an
 * unexpected error becomes a 500 that never echoes internals. Services subclass it and add handlers
 * for their domain exceptions, using {@link #problem}.
 */
public abstract class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final URI ABOUT_BLANK = URI.create("about:blank");
  private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

  /** Builds a problem with a stable type. */
  protected static ProblemDetail problem(HttpStatus status, URI type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(status.getReasonPhrase());
    return problem;
  }

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalidRequest(InvalidRequestException e) {
    ProblemDetail problem =
        problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, e.getMessage());
    problem.setProperty("errors", errors(e.problems()));
    return problem;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        ProblemTypes.VALIDATION,
        "Parameter '" + e.getName() + "' has an invalid value.");
  }

  @ExceptionHandler(Exception.class)
  protected ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (isDatabaseUnavailable(e)) {
      log.warn("Database unavailable: {}", e.getMessage());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, String.valueOf(DATABASE_RETRY_AFTER.toSeconds()))
          .body(
              problem(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  ProblemTypes.UNAVAILABLE,
                  "The database is unavailable, so the request could not be completed. Retry"
                      + " after the time in the Retry-After header, with the same Idempotency-Key"
                      + " where the operation takes one."));
    }
    if (isUnstorableText(e)) {
      return ResponseEntity.badRequest()
          .body(
              problem(
                  HttpStatus.BAD_REQUEST,
                  ProblemTypes.VALIDATION,
                  "A value of the request holds the NUL character (\\u0000, %00), which no"
                      + " Flowmesh value may contain; remove it."));
    }
    log.error("Unexpected error", e);
    return ResponseEntity.internalServerError()
        .body(
            problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemTypes.INTERNAL,
                "An unexpected error occurred; it has been logged."));
  }

  /**
   * The database cannot be reached: no connection within the pool's timeout, the server refuses
   * connections, or the connection in use broke (which may surface only as a failed rollback).
   * SQLSTATE class 08 is a connection exception; 57P01-57P03 an administrator's or a crash's
   * shutdown of the server.
   */
  private static boolean isDatabaseUnavailable(Throwable e) {
    if (e instanceof TransactionSystemException rollback
        && rollback.getOriginalException() != null) {
      // the rollback failed on a broken connection: what broke it is the original exception
      return isDatabaseUnavailable(rollback.getOriginalException());
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataAccessResourceFailureException
          || cause instanceof CannotCreateTransactionException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.matches("57P0[123]")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * PostgreSQL refused a text value it cannot store (SQLSTATE 22021, 22P05): the NUL character, in
   * a query parameter for instance. Bodies are checked before (NulCharacterFilter); this is for
   * what reaches the database another way.
   */
  private static boolean isUnstorableText(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql
          && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, unreadableDetail(ex));
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<InvalidRequestException.FieldProblem> problems =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                error ->
                    new InvalidRequestException.FieldProblem(
                        error.getField(), String.valueOf(error.getDefaultMessage())))
            .toList();
    return ResponseEntity.badRequest().body(invalidRequest(new InvalidRequestException(problems)));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    // Framework-generated problems (404, 405, 415, ...) get our stable type URIs.
    // Spring 7 leaves the type of framework problems unset (null); older versions about:blank.
    if (body instanceof ProblemDetail problem
        && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
      problem.setType(typeFor(statusCode));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private static URI typeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 404 -> ProblemTypes.NOT_FOUND;
      case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
      case 405, 406, 415 -> ProblemTypes.UNSUPPORTED;
      case 409 -> ProblemTypes.CONFLICT;
      case 400 -> ProblemTypes.MALFORMED_REQUEST;
      default -> status.is5xxServerError() ? ProblemTypes.INTERNAL : ProblemTypes.VALIDATION;
    };
  }

  protected static List<Map<String, String>> errors(
      List<InvalidRequestException.FieldProblem> list) {
    return list.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList();
  }

  /** Names the field and the reason when Jackson can tell them, without echoing internals. */
  private static String unreadableDetail(HttpMessageNotReadableException ex) {
    Throwable cause = ex.getMostSpecificCause();
    if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
      String path =
          databind.getPath().stream()
              .map(
                  ref ->
                      ref.getPropertyName() != null
                          ? ref.getPropertyName()
                          : "[" + ref.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      return "Field '" + path + "' has the wrong type or format.";
    }
    if (cause instanceof JacksonException jackson && jackson.getLocation() != null) {
      return "Malformed JSON at line "
          + jackson.getLocation().getLineNr()
          + ", column "
          + jackson.getLocation().getColumnNr()
          + ".";
    }
    return "The request body is missing or is not valid JSON.";
  }
}
