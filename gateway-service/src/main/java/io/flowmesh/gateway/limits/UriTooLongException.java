package io.flowmesh.gateway.limits;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request target is longer than {@link RequestSizeProperties#maxUriLength()}. */
final class UriTooLongException extends ErrorResponseException {

  UriTooLongException(long length, long limit) {
    super(
        HttpStatus.URI_TOO_LONG,
        Problems.of(
            HttpStatus.URI_TOO_LONG,
            ProblemTypes.URI_TOO_LONG,
            "The request's path and query are "
                + length
                + " characters long; the gateway accepts at most "
                + limit
                + " (flowmesh.gateway.max-uri-length)."),
        null);
  }
}
