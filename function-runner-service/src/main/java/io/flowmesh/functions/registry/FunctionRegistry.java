package io.flowmesh.functions.registry;

import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The functions a tenant can see: its own and the platform's (tenant {@code *}). Where both have a
 * slug, the tenant's own function wins; {@code DISTINCT ON (slug) ... ORDER BY slug, tenant = '*'}
 * says exactly that in every query.
 */
@Repository
public class FunctionRegistry {

  private static final String SELECT_VISIBLE =
      "SELECT DISTINCT ON (slug) slug, name, description, plugin_id, version, execution_type,"
          + " tenant = '*' AS shared, input_schema, output_schema, timeout_seconds, retry_policy,"
          + " max_concurrency, integration_type, is_enabled, is_deprecated, created_at, updated_at"
          + " FROM functions WHERE tenant IN (:tenant, '*') ";

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final RowMapper<FunctionView> viewMapper = this::view;

  FunctionRegistry(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A page of the tenant's visible functions in slug order. */
  public List<FunctionView> list(String tenant, PageRequest page) {
    return jdbc.sql(SELECT_VISIBLE + "AND slug > :after ORDER BY slug, tenant = '*' LIMIT :limit")
        .param("tenant", tenant)
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(viewMapper)
        .list();
  }

  /** The visible function of that slug. */
  public Optional<FunctionView> find(String tenant, String slug) {
    return jdbc.sql(SELECT_VISIBLE + "AND slug = :slug ORDER BY slug, tenant = '*'")
        .param("tenant", tenant)
        .param("slug", slug)
        .query(viewMapper)
        .optional();
  }

  /** The visible functions among these slugs, by slug; unknown slugs are absent. */
  public Map<String, RegisteredFunction> resolve(String tenant, Collection<String> slugs) {
    if (slugs.isEmpty()) {
      return Map.of();
    }
    return jdbc
        .sql(
            "SELECT DISTINCT ON (slug) tenant, slug, execution_type, is_enabled, timeout_seconds"
                + " FROM functions WHERE tenant IN (:tenant, '*') AND slug IN (:slugs)"
                + " ORDER BY slug, tenant = '*'")
        .param("tenant", tenant)
        .param("slugs", slugs)
        .query(
            (rs, i) ->
                new RegisteredFunction(
                    rs.getString("tenant"),
                    rs.getString("slug"),
                    rs.getString("execution_type"),
                    rs.getBoolean("is_enabled"),
                    rs.getInt("timeout_seconds")))
        .stream()
        .collect(Collectors.toMap(RegisteredFunction::slug, Function.identity()));
  }

  private FunctionView view(ResultSet rs, int row) throws SQLException {
    return new FunctionView(
        rs.getString("slug"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("plugin_id"),
        rs.getString("version"),
        rs.getString("execution_type"),
        rs.getBoolean("shared"),
        jsonColumn(rs, "input_schema"),
        jsonColumn(rs, "output_schema"),
        rs.getInt("timeout_seconds"),
        jsonColumn(rs, "retry_policy"),
        rs.getInt("max_concurrency"),
        rs.getString("integration_type"),
        rs.getBoolean("is_enabled"),
        rs.getBoolean("is_deprecated"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private JsonNode jsonColumn(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : json.readTree(text);
  }
}
