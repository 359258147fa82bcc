package io.flowmesh.integrations.connection;

import io.flowmesh.integrations.crypto.Sealed;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A connection as stored. The secret stays sealed here; only code that must use it decrypts.
 *
 * @param secretFields names of the secret fields that are set (for masking without decrypting)
 * @param version incremented by every change; the ETag
 */
public record ConnectionRow(
    String tenant,
    String id,
    String type,
    String name,
    boolean enabled,
    JsonNode settings,
    List<String> secretFields,
    Sealed sealed,
    long version,
    String healthStatus,
    Instant healthCheckedAt,
    Instant createdAt,
    Instant updatedAt) {

  /** Never prints the settings or the envelope, in case a row ends up in a log line. */
  @Override
  public String toString() {
    return "ConnectionRow[" + tenant + "/" + id + ", type=" + type + ", version=" + version + "]";
  }
}
