package io.flowmesh.integrations.integrationtype;

import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The integration types a tenant can see: its own and the platform's (tenant {@code *}); its own
 * wins where both define a type ({@code DISTINCT ON (type) ... ORDER BY type, tenant = '*'}).
 */
@Repository
class IntegrationTypeRepository {

  private static final String SELECT =
      "SELECT DISTINCT ON (type) type, display_name, description, settings_schema, secret_schema,"
          + " tenant = '*' AS shared FROM integration_types WHERE tenant IN (:tenant, '*') ";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  IntegrationTypeRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<IntegrationTypeView> list(String tenant, PageRequest page) {
    return jdbc.sql(SELECT + "AND type > :after ORDER BY type, tenant = '*' LIMIT :limit")
        .param("tenant", tenant)
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(this::view)
        .list();
  }

  Optional<IntegrationTypeView> find(String tenant, String type) {
    return jdbc.sql(SELECT + "AND type = :type ORDER BY type, tenant = '*'")
        .param("tenant", tenant)
        .param("type", type)
        .query(this::view)
        .optional();
  }

  private IntegrationTypeView view(ResultSet rs, int row) throws SQLException {
    return new IntegrationTypeView(
        rs.getString("type"),
        rs.getString("display_name"),
        rs.getString("description"),
        json.readTree(rs.getString("settings_schema")),
        json.readTree(rs.getString("secret_schema")),
        rs.getBoolean("shared"));
  }
}
