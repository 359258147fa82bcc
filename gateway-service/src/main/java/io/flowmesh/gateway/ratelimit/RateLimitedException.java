package io.flowmesh.gateway.ratelimit;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The tenant used up its request rate; answered with 429 and {@code Retry-After}. */
final class RateLimitedException extends ErrorResponseException {

  RateLimitedException(Duration retryAfter) {
    super(
        HttpStatus.TOO_MANY_REQUESTS,
        Problems.of(
            HttpStatus.TOO_MANY_REQUESTS,
            ProblemTypes.RATE_LIMITED,
            "Too many requests for this tenant. Retry after the time in the Retry-After header."),
        null);
    // Whole seconds (RFC 9110 section 10.2.3), rounded up so a client retrying on time succeeds.
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
  }
}
