package io.flowmesh.gateway.scopes;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The key is valid but lacks a scope the request needs: 403, naming the scope. */
public final class InsufficientScopeException extends ErrorResponseException {

  public InsufficientScopeException(Scope missing, String detail) {
    super(HttpStatus.FORBIDDEN, problem(missing, detail), null);
    // RFC 6750 section 3.1: the error a resource server gives for a token without the scope.
    getHeaders()
        .set(
            HttpHeaders.WWW_AUTHENTICATE,
            "Bearer realm=\"flowmesh\", error=\"insufficient_scope\", scope=\""
                + missing.wireName()
                + "\"");
  }

  private static ProblemDetail problem(Scope missing, String detail) {
    ProblemDetail problem =
        Problems.of(HttpStatus.FORBIDDEN, ProblemTypes.INSUFFICIENT_SCOPE, detail);
    problem.setProperty("missingScope", missing.wireName());
    return problem;
  }
}
