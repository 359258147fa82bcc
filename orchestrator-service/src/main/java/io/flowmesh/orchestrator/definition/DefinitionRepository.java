package io.flowmesh.orchestrator.definition;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.WorkflowId;
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

  /**
   * Inserts the next version and brings the workflow's {@code workflows} row up to it. The advisory
   * lock makes concurrent saves draw distinct versions and keeps saves and a delete of the workflow
   * apart; numbering continues after the versions of a deleted workflow of the same id.
   */
  int insertNextVersion(
      TenantId tenant, WorkflowId workflowId, String name, String document, String idempotencyKey) {
    lockSaves(tenant, workflowId);
    int version =
        jdbc.sql(
                "SELECT greatest((SELECT max(version) FROM workflow_definitions"
                    + " WHERE tenant = :tenant AND workflow_id = :workflowId),"
                    + " (SELECT last_version FROM deleted_workflows"
                    + " WHERE tenant = :tenant AND workflow_id = :workflowId), 0) + 1")
            .param("tenant", tenant.value())
            .param("workflowId", workflowId.value())
            .query(Integer.class)
            .single();
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            "INSERT INTO workflow_definitions (tenant, workflow_id, version, name, document,"
                + " idempotency_key, created_at) VALUES (:tenant, :workflowId, :version, :name,"
                + " :document::jsonb, :key, :createdAt)")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .param("version", version)
        .param("name", name)
        .param("document", document)
        .param("key", idempotencyKey)
        .param("createdAt", now)
        .update();
    jdbc.sql(
            "INSERT INTO workflows (tenant, workflow_id, name, description, tags, latest_version,"
                + " created_at, updated_at) VALUES (:tenant, :workflowId, :name,"
                + " workflow_description(:document::jsonb), workflow_tags(:document::jsonb),"
                + " :version, :createdAt, :createdAt) ON CONFLICT (tenant, workflow_id) DO UPDATE"
                + " SET name = excluded.name, description = excluded.description,"
                + " tags = excluded.tags, latest_version = excluded.latest_version,"
                + " updated_at = excluded.updated_at")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .param("name", name)
        .param("document", document)
        .param("version", version)
        .param("createdAt", now)
        .update();
    return version;
  }

  private void lockSaves(TenantId tenant, WorkflowId workflowId) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:tenant || '/' || :workflowId))")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query((rs, i) -> 1)
        .list();
  }

  List<DefinitionVersion> versions(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
            "SELECT version, name, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId ORDER BY version DESC")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query(
            (rs, i) ->
                new DefinitionVersion(
                    rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  /**
   * The versions a workflow has: all from {@code first} to {@code latest}, as versions are only
   * ever added, or deleted all together.
   */
  record VersionRange(int first, int latest) {
    boolean contains(int version) {
      return version >= first && version <= latest;
    }
  }

  /** How many workflows the tenant stores besides this one. */
  long countOtherWorkflows(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
            "SELECT count(DISTINCT workflow_id) FROM workflow_definitions"
                + " WHERE tenant = ? AND workflow_id <> ?")
        .params(tenant.value(), workflowId.value())
        .query(Long.class)
        .single();
  }

  /** Whether a workflow is disabled, and its versions (null if it has none). */
  record StartCheck(boolean disabled, VersionRange versions) {}

  StartCheck startCheck(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM disabled_workflows"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId), v.first, v.latest"
                + " FROM (SELECT min(version) AS first, max(version) AS latest"
                + " FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId) v")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query(
            (rs, i) ->
                new StartCheck(
                    rs.getBoolean(1),
                    rs.getObject(2) == null ? null : new VersionRange(rs.getInt(2), rs.getInt(3))))
        .single();
  }

  /**
   * The versions of a workflow that a sub-workflow node of another one names. Its {@code workflows}
   * row is locked {@code FOR KEY SHARE} first, until the saving transaction ends, so that the
   * workflow cannot be deleted meanwhile; versions can still be added to it.
   */
  Optional<VersionRange> lockAsSubWorkflow(TenantId tenant, WorkflowId workflowId) {
    jdbc.sql(
            "SELECT 1 FROM workflows WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " FOR KEY SHARE")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query((rs, i) -> 1)
        .list();
    return jdbc.sql(
            "SELECT min(version), max(version) FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query(
            (rs, i) ->
                rs.getObject(1) == null
                    ? Optional.<VersionRange>empty()
                    : Optional.of(new VersionRange(rs.getInt(1), rs.getInt(2))))
        .single();
  }

  /** The versions a workflow will have once the version being saved is added. */
  VersionRange withNextVersion(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
            "SELECT coalesce(v.first, v.next), v.next FROM (SELECT"
                + " (SELECT min(version) FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId) AS first,"
                + " greatest((SELECT max(version) FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId),"
                + " (SELECT last_version FROM deleted_workflows"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId), 0) + 1 AS next) v")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query((rs, i) -> new VersionRange(rs.getInt(1), rs.getInt(2)))
        .single();
  }

  boolean isDisabled(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
                "SELECT count(*) FROM disabled_workflows"
                    + " WHERE tenant = :tenant AND workflow_id = :workflowId")
            .param("tenant", tenant.value())
            .param("workflowId", workflowId.value())
            .query(Integer.class)
            .single()
        > 0;
  }

  /** Records the workflow disabled; false if it already was. */
  boolean disable(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
                "INSERT INTO disabled_workflows (tenant, workflow_id, disabled_at)"
                    + " VALUES (:tenant, :workflowId, now()) ON CONFLICT DO NOTHING")
            .param("tenant", tenant.value())
            .param("workflowId", workflowId.value())
            .update()
        == 1;
  }

  /** Removes the disabled mark; false if the workflow was not disabled. */
  boolean enable(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
                "DELETE FROM disabled_workflows WHERE tenant = :tenant AND workflow_id = :workflowId")
            .param("tenant", tenant.value())
            .param("workflowId", workflowId.value())
            .update()
        == 1;
  }

  Optional<Integer> latestVersion(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
            "SELECT version FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " ORDER BY version DESC LIMIT 1")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query(Integer.class)
        .optional();
  }

  Optional<DocumentRow> findLatest(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
            "SELECT workflow_id, version, name, document::text, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " ORDER BY version DESC LIMIT 1")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query(DocumentRow.class)
        .optional();
  }

  Optional<DocumentRow> find(TenantId tenant, WorkflowId workflowId, int version) {
    return jdbc.sql(
            "SELECT workflow_id, version, name, document::text, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId AND version = :version")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .param("version", version)
        .query(DocumentRow.class)
        .optional();
  }

  Optional<DocumentRow> findByIdempotencyKey(TenantId tenant, String key) {
    return jdbc.sql(
            "SELECT workflow_id, version, name, document::text, created_at FROM workflow_definitions"
                + " WHERE tenant = :tenant AND idempotency_key = :key")
        .param("tenant", tenant.value())
        .param("key", key)
        .query(DocumentRow.class)
        .optional();
  }

  /**
   * Locks the workflow for its deletion: against saves of it and saves that name it in a
   * sub-workflow node, until the transaction ends; false if the tenant has no such workflow.
   */
  boolean lockForDelete(TenantId tenant, WorkflowId workflowId) {
    lockSaves(tenant, workflowId);
    return jdbc.sql(
            "SELECT 1 FROM workflows WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " FOR UPDATE")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  /**
   * Locks every version against new runs: inserting a run checks its foreign key to the version
   * {@code FOR KEY SHARE}, so a start waits for the delete and then fails on the missing version. A
   * version a start has locked that way is skipped rather than waited for, which could deadlock
   * with a group of starts (ADR 0015).
   *
   * @return how many versions have a run being inserted right now
   */
  int lockVersionsAgainstRuns(TenantId tenant, WorkflowId workflowId) {
    return jdbc.sql(
            "SELECT count(*) - (SELECT count(*) FROM (SELECT 1 FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " FOR UPDATE SKIP LOCKED) locked)"
                + " FROM workflow_definitions WHERE tenant = :tenant AND workflow_id = :workflowId")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .query(Integer.class)
        .single();
  }

  /** What keeps a workflow from being deleted; nothing if it can go. */
  DefinitionUsage usage(TenantId tenant, WorkflowId workflowId, int versionsBeingStarted) {
    long[] runs =
        jdbc.sql(
                "SELECT count(*), count(*) FILTER (WHERE status NOT IN"
                    + " ('COMPLETED', 'FAILED', 'CANCELLED')) FROM runs"
                    + " WHERE tenant = :tenant AND workflow_id = :workflowId")
            .param("tenant", tenant.value())
            .param("workflowId", workflowId.value())
            .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    // Every version counts, not only the latest: a run can start on any version, and its
    // sub-workflow node would then find no workflow to start.
    List<DefinitionUsage.Referrer> referrers =
        jdbc.sql(
                "SELECT workflow_id, array_agg(version ORDER BY version) FROM workflow_definitions"
                    + " WHERE tenant = :tenant AND workflow_id <> :workflowId"
                    + " AND document @> jsonb_build_object('nodes', jsonb_build_array("
                    + "jsonb_build_object('type', 'sub-workflow',"
                    + " 'config', jsonb_build_object('workflowId', :workflowId::text))))"
                    + " GROUP BY workflow_id ORDER BY workflow_id")
            .param("tenant", tenant.value())
            .param("workflowId", workflowId.value())
            .query(
                (rs, i) ->
                    new DefinitionUsage.Referrer(
                        rs.getString(1), List.of((Integer[]) rs.getArray(2).getArray())))
            .list();
    return new DefinitionUsage(runs[0], runs[1], versionsBeingStarted, referrers);
  }

  /**
   * Deletes every version of the workflow (with the idempotency keys of their saves), its row and
   * its disabled mark, and keeps its last version number for a workflow saved again under its id.
   */
  void delete(TenantId tenant, WorkflowId workflowId) {
    jdbc.sql(
            "INSERT INTO deleted_workflows (tenant, workflow_id, last_version, deleted_at)"
                + " SELECT tenant, workflow_id, max(version), now() FROM workflow_definitions"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " GROUP BY tenant, workflow_id"
                + " ON CONFLICT (tenant, workflow_id) DO UPDATE"
                + " SET last_version = excluded.last_version, deleted_at = excluded.deleted_at")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .update();
    for (String table : List.of("workflow_definitions", "workflows", "disabled_workflows")) {
      jdbc.sql("DELETE FROM " + table + " WHERE tenant = :tenant AND workflow_id = :workflowId")
          .param("tenant", tenant.value())
          .param("workflowId", workflowId.value())
          .update();
    }
  }

  /** A stored version as text, parsed by the caller. */
  record DocumentRow(
      String workflowId, int version, String name, String document, Timestamp createdAt) {}
}
