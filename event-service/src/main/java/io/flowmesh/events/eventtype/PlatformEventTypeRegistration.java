package io.flowmesh.events.eventtype;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the platform's event types ({@link PlatformEventTypes}) into the catalogue at start, as
 * types of every tenant ({@code *}). A type whose description and schema are unchanged is not
 * written; replicas starting together write the same rows.
 */
@Component
class PlatformEventTypeRegistration implements ApplicationRunner {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  PlatformEventTypeRegistration(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    for (PlatformEventTypes.Entry entry : PlatformEventTypes.ALL) {
      jdbc.sql(
              """
              INSERT INTO event_types (tenant, type, description, schema, created_at, updated_at)
              VALUES ('*', :type, :description, CAST(:schema AS jsonb), now(), now())
              ON CONFLICT (tenant, type) DO UPDATE
                SET description = EXCLUDED.description, schema = EXCLUDED.schema, updated_at = now()
                WHERE event_types.description IS DISTINCT FROM EXCLUDED.description
                   OR event_types.schema IS DISTINCT FROM EXCLUDED.schema
              """)
          .param("type", entry.type())
          .param("description", entry.description())
          .param("schema", json.writeValueAsString(PlatformEventTypes.schema(entry, json)))
          .update();
    }
  }
}
