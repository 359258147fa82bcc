package io.flowmesh.events.eventtype;

import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event types a tenant can see: its own and the platform's (tenant {@code *}). Where both
 * define a type, the tenant's own wins: {@code DISTINCT ON (type) ... ORDER BY type, tenant = '*'}.
 */
@Repository
class EventTypeRepository {

  private static final String SELECT =
      "SELECT DISTINCT ON (type) type, description, schema, tenant = '*' AS shared, created_at,"
          + " updated_at, retired_at"
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

  /**
   * @return false if the tenant has its own type of that name already
   */
  boolean insert(String tenant, String type, String description, JsonNode schema, Instant now) {
    return jdbc.sql(
                """
                INSERT INTO event_types (tenant, type, description, schema, created_at, updated_at)
                VALUES (:tenant, :type, :description, CAST(:schema AS jsonb), :now, :now)
                ON CONFLICT DO NOTHING
                """)
            .param("tenant", tenant)
            .param("type", type)
            .param("description", description)
            .param("schema", json.writeValueAsString(schema))
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  /** The tenant's own type (not a platform one), locked for a change. */
  Optional<EventTypeView> lockOwn(String tenant, String type) {
    return jdbc.sql(
            "SELECT type, description, schema, false AS shared, created_at, updated_at, retired_at"
                + " FROM event_types WHERE tenant = :tenant AND type = :type FOR UPDATE")
        .param("tenant", tenant)
        .param("type", type)
        .query(this::view)
        .optional();
  }

  void update(String tenant, String type, String description, JsonNode schema, Instant now) {
    jdbc.sql(
            """
            UPDATE event_types SET description = :description, schema = CAST(:schema AS jsonb),
              updated_at = :now
            WHERE tenant = :tenant AND type = :type
            """)
        .param("tenant", tenant)
        .param("type", type)
        .param("description", description)
        .param("schema", json.writeValueAsString(schema))
        .param("now", Timestamp.from(now))
        .update();
  }

  void retire(String tenant, String type, Instant now) {
    jdbc.sql(
            "UPDATE event_types SET retired_at = :now, updated_at = :now"
                + " WHERE tenant = :tenant AND type = :type AND retired_at IS NULL")
        .param("tenant", tenant)
        .param("type", type)
        .param("now", Timestamp.from(now))
        .update();
  }

  private EventTypeView view(ResultSet rs, int row) throws SQLException {
    return new EventTypeView(
        rs.getString("type"),
        rs.getString("description"),
        json.readTree(rs.getString("schema")),
        rs.getBoolean("shared"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getTimestamp("retired_at") == null ? null : rs.getTimestamp("retired_at").toInstant());
  }
}
