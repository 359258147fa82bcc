package io.flowmesh.gateway.oidc;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The provider's signing keys could not be fetched, so no token of it can be checked: a 503, since
 * the same token may well be accepted a moment later.
 */
final class IdentityProviderUnavailableException extends ErrorResponseException {

  IdentityProviderUnavailableException(Throwable cause) {
    super(
        HttpStatus.SERVICE_UNAVAILABLE,
        Problems.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemTypes.UNAVAILABLE,
            "The identity provider's signing keys could not be fetched; try again shortly."),
        cause);
  }
}
