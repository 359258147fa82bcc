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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The functions a tenant can see: its own and the platform's (tenant {@code *}). Where both have a
 * slug, the tenant's own function wins; {@code DISTINCT ON (slug) ... ORDER BY slug, tenant = '*'}
 * says exactly that in every query. Writes only ever touch the caller's own rows.
 */
@Repository
public class FunctionRegistry {

  private static final String COLUMNS =
      " tenant, slug, name, description, plugin_id, version, revision, execution_type,"
          + " tenant = '*' AS shared, image, command, working_dir, env, resources, webhook_url,"
          + " webhook_method, webhook_headers, webhook_timeout_seconds, input_schema,"
          + " output_schema, timeout_seconds, retry_policy, max_concurrency, integration_type,"
          + " is_enabled, is_deprecated, created_at, updated_at";

  private static final String SELECT_VISIBLE =
      "SELECT DISTINCT ON (slug)" + COLUMNS + " FROM functions WHERE tenant IN (:tenant, '*') ";

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final RowMapper<FunctionView> viewMapper = this::view;
  private final RowMapper<RegisteredFunction> functionMapper = this::function;

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
        .sql(SELECT_VISIBLE + "AND slug IN (:slugs) ORDER BY slug, tenant = '*'")
        .param("tenant", tenant)
        .param("slugs", slugs)
        .query(functionMapper)
        // list(), not stream(): outside a transaction a stream keeps its connection until closed.
        .list()
        .stream()
        .collect(Collectors.toMap(RegisteredFunction::slug, Function.identity()));
  }

  /**
   * Whether the platform provides a builtin of this slug (tenants cannot take it over). A function
   * pack's slug is not protected: a tenant may register its own function of that slug, which then
   * serves that tenant alone, as the Workflow Builder lets a catalogue entry be replaced.
   */
  boolean isPlatformSlug(String slug) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM functions WHERE tenant = '*' AND slug = ?"
                + " AND execution_type <> 'pack')")
        .param(slug)
        .query(Boolean.class)
        .single();
  }

  /**
   * Inserts a new function unless the tenant already has the slug or the idempotency key.
   *
   * @return whether it was inserted
   */
  boolean insert(
      String tenant, FunctionDefinition d, String version, String idempotencyKey, String hash) {
    return jdbc.sql(
                "INSERT INTO functions (tenant, slug, name, description, plugin_id, version,"
                    + " execution_type, image, command, working_dir, env, resources, webhook_url,"
                    + " webhook_method, webhook_headers, webhook_timeout_seconds, input_schema,"
                    + " output_schema, timeout_seconds, retry_policy, max_concurrency,"
                    + " integration_type, is_deprecated, idempotency_key, request_hash)"
                    + " VALUES (:tenant, :slug, :name, :description, :pluginId, :version,"
                    + " :executionType, :image, :command, :workingDir, :env::jsonb,"
                    + " :resources::jsonb, :webhookUrl, :webhookMethod, :webhookHeaders::jsonb,"
                    + " :webhookTimeout, :inputSchema::jsonb, :outputSchema::jsonb, :timeout,"
                    + " :retryPolicy::jsonb, :maxConcurrency, :integrationType, :deprecated,"
                    + " :idempotencyKey, :hash) ON CONFLICT DO NOTHING")
            .params(params(tenant, d, version))
            .param("idempotencyKey", idempotencyKey)
            .param("hash", hash)
            .update()
        == 1;
  }

  /** The slug and request hash registered with this idempotency key. */
  Optional<Map.Entry<String, String>> findByIdempotencyKey(String tenant, String key) {
    return jdbc.sql(
            "SELECT slug, request_hash FROM functions WHERE tenant = ? AND idempotency_key = ?")
        .params(tenant, key)
        .query((rs, i) -> Map.entry(rs.getString("slug"), rs.getString("request_hash")))
        .optional();
  }

  /** Locks the tenant's own function for an update and returns its revision and version. */
  Optional<Map.Entry<Integer, String>> lockOwn(String tenant, String slug) {
    return jdbc.sql(
            "SELECT revision, version FROM functions WHERE tenant = ? AND slug = ? FOR UPDATE")
        .params(tenant, slug)
        .query((rs, i) -> Map.entry(rs.getInt("revision"), rs.getString("version")))
        .optional();
  }

  /** Replaces the tenant's function by a new version, keeping the old one in the history. */
  void replace(String tenant, FunctionDefinition d, String version) {
    jdbc.sql(
            "INSERT INTO function_versions (tenant, slug, revision, version, definition)"
                + " SELECT tenant, slug, revision, version,"
                + " to_jsonb(f) - 'idempotency_key' - 'request_hash'"
                + " FROM functions f WHERE tenant = ? AND slug = ?")
        .params(tenant, d.slug())
        .update();
    jdbc.sql(
            "UPDATE functions SET name = :name, description = :description,"
                + " plugin_id = :pluginId, version = :version, revision = revision + 1,"
                + " execution_type = :executionType, image = :image, command = :command,"
                + " working_dir = :workingDir, env = :env::jsonb, resources = :resources::jsonb,"
                + " webhook_url = :webhookUrl, webhook_method = :webhookMethod,"
                + " webhook_headers = :webhookHeaders::jsonb,"
                + " webhook_timeout_seconds = :webhookTimeout,"
                + " input_schema = :inputSchema::jsonb, output_schema = :outputSchema::jsonb,"
                + " timeout_seconds = :timeout, retry_policy = :retryPolicy::jsonb,"
                + " max_concurrency = :maxConcurrency, integration_type = :integrationType,"
                + " is_deprecated = :deprecated, updated_at = now()"
                + " WHERE tenant = :tenant AND slug = :slug")
        .params(params(tenant, d, version))
        .update();
  }

  /**
   * Enables or disables the tenant's own function.
   *
   * @return whether the tenant has that function
   */
  boolean setEnabled(String tenant, String slug, boolean enabled) {
    return jdbc.sql(
                "UPDATE functions SET is_enabled = ?,"
                    + " updated_at = CASE WHEN is_enabled = ? THEN updated_at ELSE now() END"
                    + " WHERE tenant = ? AND slug = ?")
            .params(enabled, enabled, tenant, slug)
            .update()
        == 1;
  }

  private Map<String, Object> params(String tenant, FunctionDefinition d, String version) {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("tenant", tenant);
    p.put("slug", d.slug());
    p.put("name", d.name());
    p.put("description", d.description());
    p.put("pluginId", d.pluginId() != null ? d.pluginId() : d.slug().split("/")[0]);
    p.put("version", version);
    p.put("executionType", d.executionType());
    p.put("image", d.image());
    p.put("command", d.command() == null ? null : json.writeValueAsString(d.command()));
    p.put("workingDir", d.workingDir());
    p.put("env", jsonText(d.env()));
    p.put("resources", jsonText(d.resources()));
    p.put("webhookUrl", d.webhookUrl());
    p.put("webhookMethod", d.webhookMethod() != null ? d.webhookMethod() : "POST");
    p.put("webhookHeaders", jsonText(d.webhookHeaders()));
    p.put("webhookTimeout", d.webhookTimeoutSeconds() != null ? d.webhookTimeoutSeconds() : 30);
    p.put("inputSchema", jsonText(d.inputSchema()));
    p.put("outputSchema", jsonText(d.outputSchema()));
    p.put("timeout", d.timeoutSeconds() != null ? d.timeoutSeconds() : 300);
    p.put("retryPolicy", jsonText(d.retryPolicy()));
    p.put("maxConcurrency", d.maxConcurrency() != null ? d.maxConcurrency() : 0);
    p.put("integrationType", d.integrationType());
    p.put("deprecated", Boolean.TRUE.equals(d.deprecated()));
    return p;
  }

  private String jsonText(Object value) {
    if (value == null || (value instanceof JsonNode node && node.isNull())) {
      return null;
    }
    return json.writeValueAsString(value);
  }

  private FunctionView view(ResultSet rs, int row) throws SQLException {
    boolean http = "http".equals(rs.getString("execution_type"));
    Map<String, String> headers = map(rs, "webhook_headers");
    Map<String, String> env = map(rs, "env");
    return new FunctionView(
        rs.getString("slug"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("plugin_id"),
        rs.getString("version"),
        rs.getInt("revision"),
        rs.getString("execution_type"),
        rs.getBoolean("shared"),
        rs.getString("webhook_url"),
        http ? rs.getString("webhook_method") : null,
        http ? List.copyOf(headers.keySet()) : null,
        http ? rs.getInt("webhook_timeout_seconds") : null,
        rs.getString("image"),
        list(rs, "command"),
        rs.getString("image") == null ? null : List.copyOf(env.keySet()),
        rs.getString("image") == null ? null : map(rs, "resources"),
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

  private RegisteredFunction function(ResultSet rs, int row) throws SQLException {
    String type = rs.getString("execution_type");
    RegisteredFunction.Http http =
        "http".equals(type)
            ? new RegisteredFunction.Http(
                rs.getString("webhook_url"),
                rs.getString("webhook_method"),
                map(rs, "webhook_headers"),
                rs.getInt("webhook_timeout_seconds"))
            : null;
    RegisteredFunction.Container container =
        "oci".equals(type)
            ? new RegisteredFunction.Container(
                rs.getString("image"),
                list(rs, "command"),
                rs.getString("working_dir"),
                map(rs, "env"),
                map(rs, "resources"))
            : null;
    return new RegisteredFunction(
        rs.getString("tenant"),
        rs.getString("slug"),
        rs.getInt("revision"),
        type,
        rs.getBoolean("is_enabled"),
        rs.getInt("timeout_seconds"),
        jsonColumn(rs, "input_schema"),
        jsonColumn(rs, "output_schema"),
        rs.getInt("max_concurrency"),
        http,
        container,
        rs.getString("integration_type"));
  }

  private Map<String, String> map(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? Map.of() : json.readValue(text, STRING_MAP);
  }

  private List<String> list(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : json.readValue(text, STRING_LIST);
  }

  private JsonNode jsonColumn(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : json.readTree(text);
  }
}
