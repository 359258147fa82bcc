package io.flowmesh.gateway.auth;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The caller did not present a usable API key; answered with 401 and a Bearer challenge. */
final class ApiKeyAuthenticationException extends ErrorResponseException {

  private static final String CHALLENGE = "Bearer realm=\"flowmesh\"";

  private ApiKeyAuthenticationException(String detail, String challenge) {
    super(
        HttpStatus.UNAUTHORIZED,
        Problems.of(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, detail),
        null);
    getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
  }

  static ApiKeyAuthenticationException missingHeader() {
    return new ApiKeyAuthenticationException(
        "The request has no Authorization header. Send 'Authorization: Bearer <api key>'.",
        CHALLENGE);
  }

  static ApiKeyAuthenticationException notBearer() {
    return new ApiKeyAuthenticationException(
        "The Authorization header is not a single Bearer token."
            + " Send 'Authorization: Bearer <api key>'.",
        // RFC 6750 section 3.1: a malformed request is invalid_request.
        CHALLENGE + ", error=\"invalid_request\"");
  }

  static ApiKeyAuthenticationException unknownKey() {
    return new ApiKeyAuthenticationException(
        "The API key is not known or no longer active.", CHALLENGE + ", error=\"invalid_token\"");
  }
}
