package io.flowmesh.orchestrator.definition;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Definition versions in {@code workflow_definitions}; every query is scoped to a tenant. */
@Repository
class DefinitionRepository {

  private final JdbcClient jdbc;

  DefinitionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the next version; the advisory lock makes concurrent saves draw distinct versions. */
  int insertNextVersion(
      String tenant, String workflowId, String name, String document, String idempotencyKey) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:tenant || '/' || :workflowId))")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .query((rs, i) -> 1)
        .list();
    int version =
        jdbc.sql(
                "SELECT coalesce(max(version), 0) + 1 FROM workflow_definitions"
                    + " WHERE tenant = :tenant AND workflow_id = :workflowId")
            .param("tenant", tenant)
            .param("workflowId", workflowId)
            .query(Integer.class)
            .single();
    jdbc.sql(
            "INSERT INTO workflow_definitions (tenant, workflow_id, version, name, document,"
                + " idempotency_key, created_at) VALUES (:tenant, :workflowId, :version, :name,"
                + " :document::jsonb, :key, :createdAt)")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .param("version", version)
        .param("name", name)
        .param("document", document)
        .param("key", idempotencyKey)
        .param("createdAt", Timestamp.from(Instant.now()))
        .update();
    return version;
  }

  List<DefinitionVersion> versions(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT version, name, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId ORDER BY version DESC")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .query(
            (rs, i) ->
                new DefinitionVersion(
                    rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  /** Whether a workflow is disabled, and its latest version (null if it has none). */
  record StartCheck(boolean disabled, Integer latestVersion) {}

  StartCheck startCheck(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM disabled_workflows"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId),"
                + " (SELECT max(version) FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId)")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .query((rs, i) -> new StartCheck(rs.getBoolean(1), (Integer) rs.getObject(2)))
        .single();
  }

  boolean isDisabled(String tenant, String workflowId) {
    return jdbc.sql(
                "SELECT count(*) FROM disabled_workflows"
                    + " WHERE tenant = :tenant AND workflow_id = :workflowId")
            .param("tenant", tenant)
            .param("workflowId", workflowId)
            .query(Integer.class)
            .single()
        > 0;
  }

  /** Records the workflow disabled; false if it already was. */
  boolean disable(String tenant, String workflowId) {
    return jdbc.sql(
                "INSERT INTO disabled_workflows (tenant, workflow_id, disabled_at)"
                    + " VALUES (:tenant, :workflowId, now()) ON CONFLICT DO NOTHING")
            .param("tenant", tenant)
            .param("workflowId", workflowId)
            .update()
        == 1;
  }

  /** Removes the disabled mark; false if the workflow was not disabled. */
  boolean enable(String tenant, String workflowId) {
    return jdbc.sql(
                "DELETE FROM disabled_workflows WHERE tenant = :tenant AND workflow_id = :workflowId")
            .param("tenant", tenant)
            .param("workflowId", workflowId)
            .update()
        == 1;
  }

  Optional<Integer> latestVersion(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT version FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " ORDER BY version DESC LIMIT 1")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .query(Integer.class)
        .optional();
  }

  Optional<DocumentRow> findLatest(String tenant, String workflowId) {
    return jdbc.sql(
            "SELECT workflow_id, version, document::text, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " ORDER BY version DESC LIMIT 1")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .query(DocumentRow.class)
        .optional();
  }

  Optional<DocumentRow> find(String tenant, String workflowId, int version) {
    return jdbc.sql(
            "SELECT workflow_id, version, document::text, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId AND version = :version")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .param("version", version)
        .query(DocumentRow.class)
        .optional();
  }

  Optional<DocumentRow> findByIdempotencyKey(String tenant, String key) {
    return jdbc.sql(
            "SELECT workflow_id, version, document::text, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND idempotency_key = :key")
        .param("tenant", tenant)
        .param("key", key)
        .query(DocumentRow.class)
        .optional();
  }

  /** A stored version as text, parsed by the caller. */
  record DocumentRow(String workflowId, int version, String document, Timestamp createdAt) {}
}
