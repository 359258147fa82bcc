package io.flowmesh.integrations;

import io.flowmesh.integrations.connection.ConnectionNotFoundException;
import io.flowmesh.integrations.integrationtype.IntegrationTypeNotFoundException;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.ProblemHandler;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/** Maps this service's domain exceptions to problems; {@link ProblemHandler} does the rest. */
@RestControllerAdvice
class IntegrationsProblemHandler extends ProblemHandler {

  private static final URI ABOUT_BLANK = URI.create("about:blank");

  @ExceptionHandler(IntegrationTypeNotFoundException.class)
  ProblemDetail integrationTypeNotFound(IntegrationTypeNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ConnectionNotFoundException.class)
  ProblemDetail connectionNotFound(ConnectionNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage());
  }

  /**
   * Workaround until web-edge handles it: Spring 7 leaves a framework problem's type null, where
   * {@link ProblemHandler} expects {@code about:blank} and fails, which turns every framework error
   * (unknown path, wrong method, ...) into a bodiless response.
   */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem && problem.getType() == null) {
      problem.setType(ABOUT_BLANK);
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }
}
