package io.flowmesh.integrations.credentials;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the function-runner receives for a connection (internal contract).
 *
 * @param connectionId the connection
 * @param type its integration type
 * @param settings the non-secret settings
 * @param secrets the decrypted secret fields
 * @param httpHeaders ready-made authentication headers of the HTTP types
 * @param cacheUntil the caller may reuse this answer until then
 */
record ResolvedCredentials(
    String connectionId,
    String type,
    JsonNode settings,
    JsonNode secrets,
    Map<String, String> httpHeaders,
    Instant cacheUntil) {

  @Override
  public String toString() {
    return "ResolvedCredentials[" + connectionId + ", type=" + type + "]";
  }
}
