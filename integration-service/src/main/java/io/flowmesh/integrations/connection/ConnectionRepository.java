package io.flowmesh.integrations.connection;

import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's connections. The encrypted secret is never read here, only whether there is one. */
@Repository
class ConnectionRepository {

  private static final String SELECT =
      "SELECT id, type, name, settings, encrypted_secret IS NOT NULL AS has_secret, created_at,"
          + " updated_at FROM connections WHERE tenant = :tenant ";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ConnectionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A page in id order, which is creation order: ids are UUIDv7-based. */
  List<ConnectionView> list(String tenant, PageRequest page) {
    return jdbc.sql(SELECT + "AND id > :after ORDER BY id LIMIT :limit")
        .param("tenant", tenant)
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(this::view)
        .list();
  }

  Optional<ConnectionView> find(String tenant, String id) {
    return jdbc.sql(SELECT + "AND id = :id")
        .param("tenant", tenant)
        .param("id", id)
        .query(this::view)
        .optional();
  }

  private ConnectionView view(ResultSet rs, int row) throws SQLException {
    return new ConnectionView(
        rs.getString("id"),
        rs.getString("type"),
        rs.getString("name"),
        json.readTree(rs.getString("settings")),
        rs.getBoolean("has_secret"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
