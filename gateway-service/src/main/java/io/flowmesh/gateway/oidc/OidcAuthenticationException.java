package io.flowmesh.gateway.oidc;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A JWT access token the gateway does not accept: answered with 401 and an RFC 6750 challenge whose
 * {@code error} is {@code invalid_token}, so that a client knows to get a new token.
 */
final class OidcAuthenticationException extends ErrorResponseException {

  private static final String CHALLENGE = "Bearer realm=\"flowmesh\", error=\"invalid_token\"";

  OidcAuthenticationException(String detail) {
    super(
        HttpStatus.UNAUTHORIZED,
        Problems.of(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, detail),
        null);
    getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
  }
}
