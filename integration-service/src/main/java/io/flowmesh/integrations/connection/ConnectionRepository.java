package io.flowmesh.integrations.connection;

import io.flowmesh.integrations.crypto.Sealed;
import io.flowmesh.web.paging.PageRequest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's connections. Every query filters by tenant. */
@Repository
public class ConnectionRepository {

  private static final String SELECT =
      "SELECT tenant, id, type, name, enabled, settings, secret_fields, encrypted_secret, key_id,"
          + " version, health_status, health_checked_at, created_at, updated_at FROM connections"
          + " WHERE tenant = :tenant ";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ConnectionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A page in id order, which is creation order: ids are UUIDv7-based. */
  List<ConnectionRow> list(String tenant, String type, PageRequest page) {
    return jdbc.sql(
            SELECT
                + (type == null ? "" : "AND type = :type ")
                + "AND id > :after ORDER BY id LIMIT :limit")
        .param("tenant", tenant)
        .param("type", type)
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(this::row)
        .list();
  }

  public Optional<ConnectionRow> find(String tenant, String id) {
    return jdbc.sql(SELECT + "AND id = :id")
        .param("tenant", tenant)
        .param("id", id)
        .query(this::row)
        .optional();
  }

  /** The row locked for an update in the current transaction. */
  Optional<ConnectionRow> lock(String tenant, String id) {
    return jdbc.sql(SELECT + "AND id = :id FOR UPDATE")
        .param("tenant", tenant)
        .param("id", id)
        .query(this::row)
        .optional();
  }

  void insert(ConnectionRow row) {
    jdbc.sql(
            "INSERT INTO connections (tenant, id, type, name, enabled, settings, secret_fields,"
                + " encrypted_secret, key_id, version, created_at, updated_at) VALUES (:tenant,"
                + " :id, :type, :name, :enabled, :settings::jsonb, :fields, :secret, :keyId, 1,"
                + " :now, :now)")
        .param("tenant", row.tenant())
        .param("id", row.id())
        .param("type", row.type())
        .param("name", row.name())
        .param("enabled", row.enabled())
        .param("settings", json.writeValueAsString(row.settings()))
        .param("fields", row.secretFields().toArray(String[]::new))
        .param("secret", row.sealed().envelope())
        .param("keyId", row.sealed().keyId())
        .param("now", Timestamp.from(row.createdAt()))
        .update();
  }

  /** Writes a changed row and bumps its version. */
  void update(ConnectionRow row) {
    jdbc.sql(
            "UPDATE connections SET name = :name, enabled = :enabled, settings = :settings::jsonb,"
                + " secret_fields = :fields, encrypted_secret = :secret, key_id = :keyId,"
                + " version = version + 1, updated_at = :now, next_check_at = :now"
                + " WHERE tenant = :tenant AND id = :id")
        .param("tenant", row.tenant())
        .param("id", row.id())
        .param("name", row.name())
        .param("enabled", row.enabled())
        .param("settings", json.writeValueAsString(row.settings()))
        .param("fields", row.secretFields().toArray(String[]::new))
        .param("secret", row.sealed().envelope())
        .param("keyId", row.sealed().keyId())
        .param("now", Timestamp.from(row.updatedAt()))
        .update();
  }

  boolean delete(String tenant, String id) {
    return jdbc.sql("DELETE FROM connections WHERE tenant = :tenant AND id = :id")
            .param("tenant", tenant)
            .param("id", id)
            .update()
        > 0;
  }

  private ConnectionRow row(ResultSet rs, int rowNum) throws SQLException {
    byte[] envelope = rs.getBytes("encrypted_secret");
    Timestamp checked = rs.getTimestamp("health_checked_at");
    return new ConnectionRow(
        rs.getString("tenant"),
        rs.getString("id"),
        rs.getString("type"),
        rs.getString("name"),
        rs.getBoolean("enabled"),
        json.readTree(rs.getString("settings")),
        fields(rs.getArray("secret_fields")),
        envelope == null ? null : new Sealed(rs.getString("key_id"), envelope),
        rs.getLong("version"),
        rs.getString("health_status"),
        checked == null ? null : checked.toInstant(),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static List<String> fields(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
