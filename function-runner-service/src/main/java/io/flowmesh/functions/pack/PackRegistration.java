package io.flowmesh.functions.pack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the loaded packs' functions to the registry as platform functions (tenant {@code *},
 * execution type {@code pack}) before the service takes requests, so that they are listed, resolved
 * and validated like every other function. A row changes only when its pack changed; a builtin of
 * the same slug is never overwritten.
 *
 * <p>Functions of a pack that was removed keep their rows: another instance of an older or newer
 * version may still have the pack during a rollout. This instance answers them with {@code
 * FUNCTION_UNAVAILABLE}, as it does for builtins it does not have.
 */
@Component
class PackRegistration implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(PackRegistration.class);

  private final FunctionPacks packs;
  private final JdbcClient jdbc;
  private final JsonMapper json;

  PackRegistration(FunctionPacks packs, JdbcClient jdbc, JsonMapper json) {
    this.packs = packs;
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void afterPropertiesSet() {
    List<String> builtins =
        jdbc.sql("SELECT slug FROM functions WHERE tenant = '*' AND execution_type <> 'pack'")
            .query(String.class)
            .list();
    int written = 0;
    for (PackedFunction function : packs.functions()) {
      if (builtins.contains(function.slug())) {
        log.error(
            "Function pack {}, function {}: a builtin has this slug; the builtin stays",
            function.file(),
            function.slug());
        continue;
      }
      written += upsert(function);
    }
    log.info("Function packs: {} functions, {} changed", packs.functions().size(), written);
  }

  private int upsert(PackedFunction f) {
    Map<String, Object> p = new HashMap<>();
    p.put("slug", f.slug());
    p.put("name", f.name());
    p.put("description", f.description());
    p.put("pluginId", f.provider());
    p.put("input", json.writeValueAsString(f.inputSchema()));
    p.put("output", json.writeValueAsString(f.outputSchema()));
    p.put("timeout", f.timeoutSeconds());
    p.put("integrationType", f.connectionType());
    return jdbc.sql(
            "INSERT INTO functions (tenant, slug, name, description, plugin_id, execution_type,"
                + " input_schema, output_schema, timeout_seconds, integration_type)"
                + " VALUES ('*', :slug, :name, :description, :pluginId, 'pack', :input::jsonb,"
                + " :output::jsonb, :timeout, :integrationType)"
                + " ON CONFLICT (tenant, slug) DO UPDATE SET name = EXCLUDED.name,"
                + " description = EXCLUDED.description, plugin_id = EXCLUDED.plugin_id,"
                + " input_schema = EXCLUDED.input_schema, output_schema = EXCLUDED.output_schema,"
                + " timeout_seconds = EXCLUDED.timeout_seconds,"
                + " integration_type = EXCLUDED.integration_type,"
                + " revision = functions.revision + 1, updated_at = now()"
                + " WHERE functions.execution_type = 'pack' AND (functions.name,"
                + " functions.description, functions.plugin_id, functions.input_schema,"
                + " functions.output_schema, functions.timeout_seconds, functions.integration_type)"
                + " IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.plugin_id,"
                + " EXCLUDED.input_schema, EXCLUDED.output_schema, EXCLUDED.timeout_seconds,"
                + " EXCLUDED.integration_type)")
        .params(p)
        .update();
  }
}
