package io.flowmesh.gateway.ratelimit;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The key or its tenant used up its request rate; answered with 429 and {@code Retry-After}. */
final class RateLimitedException extends ErrorResponseException {

  RateLimitedException(String policy, Duration retryAfter, HttpHeaders rateLimitHeaders) {
    super(
        HttpStatus.TOO_MANY_REQUESTS,
        Problems.of(
            HttpStatus.TOO_MANY_REQUESTS,
            ProblemTypes.RATE_LIMITED,
            "Too many requests for this "
                + policy
                + ". Retry after the time in the Retry-After header."),
        null);
    getHeaders().addAll(rateLimitHeaders);
    getHeaders()
        .set(
            HttpHeaders.RETRY_AFTER,
            Long.toString(Math.max(1, RateLimitHeaders.seconds(retryAfter))));
  }
}
