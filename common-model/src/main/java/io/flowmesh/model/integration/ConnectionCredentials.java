package io.flowmesh.model.integration;

import java.time.Instant;
import java.util.Map;

/**
 * integration-service's answer to {@code GET /internal/v1/connections/{id}/credentials}: a
 * connection's credentials for the function-runner. Holds secrets: {@link #toString()} leaves them
 * out.
 *
 * @param connectionId the connection
 * @param type its integration type, e.g. {@code http-bearer}, {@code smtp}
 * @param settings the non-secret settings (e.g. SMTP host, port, from, tls), any JSON values
 * @param secrets the decrypted secret fields (e.g. username, password, webhookUrl)
 * @param httpHeaders ready-made authentication headers of the HTTP types, possibly none
 * @param cacheUntil the caller may reuse this answer until then (an OAuth2 token's expiry at the
 *     latest)
 */
public record ConnectionCredentials(
    String connectionId,
    String type,
    Map<String, Object> settings,
    Map<String, String> secrets,
    Map<String, String> httpHeaders,
    Instant cacheUntil) {

  @Override
  public String toString() {
    return "ConnectionCredentials[" + connectionId + ", type=" + type + "]";
  }
}
