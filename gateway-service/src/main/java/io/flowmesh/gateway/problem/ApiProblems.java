package io.flowmesh.gateway.problem;

import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems the gateway's own endpoints answer with, as exceptions that {@link ProblemMapper}
 * passes through unchanged.
 */
public final class ApiProblems {

  private ApiProblems() {}

  /** 400: a field or parameter is wrong; the detail names it. */
  public static ErrorResponseException invalid(String field, String problem) {
    ProblemDetail detail =
        Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, field + " " + problem + ".");
    detail.setProperty("field", field);
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, detail, null);
  }

  /**
   * 404: no such resource for the caller's tenant (never 403: another tenant's ids stay secret).
   */
  public static ErrorResponseException notFound(String what) {
    return new ErrorResponseException(
        HttpStatus.NOT_FOUND,
        Problems.of(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "No " + what + " exists."),
        null);
  }

  /** 409: the resource's state does not allow the operation. */
  public static ErrorResponseException conflict(String detail) {
    return new ErrorResponseException(
        HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, detail), null);
  }
}
