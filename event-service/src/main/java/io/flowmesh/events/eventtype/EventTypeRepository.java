package io.flowmesh.events.eventtype;

import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event types a tenant can see: its own and the platform's (tenant {@code *}). Where both
 * define a type, the tenant's own wins: {@code DISTINCT ON (type) ... ORDER BY type, tenant = '*'}.
 */
@Repository
class EventTypeRepository {

  private static final String SELECT =
      "SELECT DISTINCT ON (type) type, description, schema, tenant = '*' AS shared, created_at"
          + " FROM event_types WHERE tenant IN (:tenant, '*') ";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  EventTypeRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<EventTypeView> list(String tenant, PageRequest page) {
    return jdbc.sql(SELECT + "AND type > :after ORDER BY type, tenant = '*' LIMIT :limit")
        .param("tenant", tenant)
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(this::view)
        .list();
  }

  Optional<EventTypeView> find(String tenant, String type) {
    return jdbc.sql(SELECT + "AND type = :type ORDER BY type, tenant = '*'")
        .param("tenant", tenant)
        .param("type", type)
        .query(this::view)
        .optional();
  }

  private EventTypeView view(ResultSet rs, int row) throws SQLException {
    return new EventTypeView(
        rs.getString("type"),
        rs.getString("description"),
        json.readTree(rs.getString("schema")),
        rs.getBoolean("shared"),
        rs.getTimestamp("created_at").toInstant());
  }
}
