package io.flowmesh.integrations.runcredentials;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the function-runner receives for one integration of a run (internal contract).
 *
 * @param runId the run
 * @param integration the integration name, e.g. {@code openai}
 * @param secrets the credential fields as the run was started with them
 * @param httpHeaders the headers they stand for (RunCredentialRules), possibly none
 * @param cacheUntil the caller may reuse this answer until then
 */
record RunCredential(
    String runId,
    String integration,
    JsonNode secrets,
    Map<String, String> httpHeaders,
    Instant cacheUntil) {

  @Override
  public String toString() {
    return "RunCredential[" + runId + ", integration=" + integration + "]";
  }
}
