package io.flowmesh.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What happened in one attempt.
 *
 * @param outcome the classification
 * @param attemptedAt when it started
 * @param statusCode the HTTP status, null if there was no response
 * @param latencyMillis how long it took
 * @param responseExcerpt the start of the response body, may be null
 * @param error why it failed, null on success
 * @param retryAfter what the endpoint asked for in {@code Retry-After}, may be null
 */
record AttemptResult(
    Outcome outcome,
    Instant attemptedAt,
    Integer statusCode,
    long latencyMillis,
    String responseExcerpt,
    String error,
    Duration retryAfter) {

  /** Attempt outcomes; also the {@code outcome} tag of the attempts meter. */
  enum Outcome {
    /** 2xx: delivered. */
    SUCCESS,
    /** Any other status except 3xx and 410. */
    HTTP_ERROR,
    /** 3xx: redirects are not followed and count as failures. */
    REDIRECT,
    /** 410 Gone: the endpoint asks to stop; the subscription is disabled. */
    GONE,
    /** No response within the attempt timeout, or connecting took too long. */
    TIMEOUT,
    /** Connection refused or reset, TLS failure, and the like. */
    NETWORK_ERROR,
    /** The SSRF guard refused the endpoint's address. */
    BLOCKED;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static AttemptResult failure(Outcome outcome, Instant attemptedAt, long latency, String error) {
    return new AttemptResult(outcome, attemptedAt, null, latency, null, error, null);
  }
}
