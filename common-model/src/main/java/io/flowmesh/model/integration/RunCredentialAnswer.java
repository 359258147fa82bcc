package io.flowmesh.model.integration;

import java.time.Instant;
import java.util.Map;

/**
 * integration-service's answer to {@code GET /internal/v1/runs/{runId}/credentials/{integration}}:
 * the credentials a run was started with for one integration (ADR 0023), for that run's functions.
 * Holds secrets: {@link #toString()} leaves them out.
 *
 * @param runId the run
 * @param integration the integration name, e.g. {@code openai}
 * @param secrets the credential fields as the run was started with them, any JSON values (nulls
 *     included)
 * @param httpHeaders the headers they stand for ({@code token} or {@code apiKey} as {@code
 *     Authorization: Bearer}, {@code headers} as given), possibly none
 * @param cacheUntil the caller may reuse this answer until then
 */
public record RunCredentialAnswer(
    String runId,
    String integration,
    Map<String, Object> secrets,
    Map<String, String> httpHeaders,
    Instant cacheUntil) {

  @Override
  public String toString() {
    return "RunCredentialAnswer[" + runId + ", integration=" + integration + "]";
  }
}
