package io.flowmesh.integrations.connection;

import io.flowmesh.integrations.crypto.Sealed;
import io.flowmesh.model.TenantId;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;
import tools.jackson.databind.JsonNode;

/**
 * A connection as stored, a row of {@code connections} as Spring Data JDBC maps it (ADR 0031). The
 * secret stays sealed here; only code that must use it decrypts. The health columns belong to the
 * health checks, so saving a connection reads them but never writes them.
 *
 * @param id {@code con_...}; unique across tenants, so {@code save} updates by id and version
 * @param secretFields names of the secret fields that are set (for masking without decrypting)
 * @param version incremented by every change; the ETag (0 before the connection is first saved)
 */
@Table("connections")
public record ConnectionRow(
    TenantId tenant,
    @Id String id,
    String type,
    String name,
    boolean enabled,
    JsonNode settings,
    List<String> secretFields,
    @Embedded.Nullable Sealed sealed,
    @Version long version,
    @ReadOnlyProperty String healthStatus,
    @ReadOnlyProperty Instant healthCheckedAt,
    Instant createdAt,
    Instant updatedAt) {

  /** Never prints the settings or the envelope, in case a row ends up in a log line. */
  @Override
  public String toString() {
    return "ConnectionRow[" + tenant + "/" + id + ", type=" + type + ", version=" + version + "]";
  }
}
