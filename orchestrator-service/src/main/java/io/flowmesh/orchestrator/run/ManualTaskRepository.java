package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Manual tasks; every query is scoped to a tenant. JSON columns are handed over as text. */
@Repository
class ManualTaskRepository {

  /** A task is open while its node execution runs; cancelled once its run ended without it. */
  private static final String SELECT =
      "SELECT t.id, t.run_id, t.node_id, t.execution_id,"
          + " CASE WHEN t.completed_at IS NOT NULL THEN 'COMPLETED'"
          + " WHEN e.status = 'RUNNING' THEN 'OPEN' ELSE 'CANCELLED' END AS task_status,"
          + " t.assignee, t.details::text, t.form::text, t.data::text, t.created_at,"
          + " t.completed_at FROM manual_tasks t JOIN node_executions e"
          + " ON e.tenant = t.tenant AND e.execution_id = t.execution_id";

  private final JdbcClient jdbc;

  ManualTaskRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(
      TenantId tenant,
      String id,
      RunId runId,
      String nodeId,
      String executionId,
      String assignee,
      String detailsJson,
      String formJson,
      Instant createdAt) {
    jdbc.sql(
            "INSERT INTO manual_tasks (tenant, id, run_id, node_id, execution_id, assignee,"
                + " details, form, created_at) VALUES (:tenant, :id, :runId, :nodeId,"
                + " :executionId, :assignee, :details::jsonb, :form::jsonb, :createdAt)")
        .param("tenant", tenant.value())
        .param("id", id)
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .param("executionId", executionId)
        .param("assignee", assignee)
        .param("details", detailsJson)
        .param("form", formJson)
        .param("createdAt", Timestamp.from(createdAt))
        .update();
  }

  Optional<TaskRow> find(TenantId tenant, RunId runId, String taskId) {
    return jdbc.sql(SELECT + " WHERE t.tenant = :tenant AND t.run_id = :runId AND t.id = :id")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .param("id", taskId)
        .query(ManualTaskRepository::row)
        .optional();
  }

  List<TaskRow> ofRun(TenantId tenant, RunId runId) {
    return jdbc.sql(SELECT + " WHERE t.tenant = :tenant AND t.run_id = :runId ORDER BY t.id")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .query(ManualTaskRepository::row)
        .list();
  }

  /**
   * Tasks across runs after the cursor key, in id (creation) order; assignee and status filter when
   * given.
   */
  List<TaskRow> list(TenantId tenant, String assignee, String status, String after, int limit) {
    StringBuilder sql = new StringBuilder(SELECT + " WHERE t.tenant = :tenant AND t.id > :after");
    if (assignee != null) {
      sql.append(" AND t.assignee = :assignee");
    }
    if (status != null) {
      sql.append(
          switch (status) {
            case "OPEN" -> " AND t.completed_at IS NULL AND e.status = 'RUNNING'";
            case "COMPLETED" -> " AND t.completed_at IS NOT NULL";
            default -> " AND t.completed_at IS NULL AND e.status <> 'RUNNING'";
          });
    }
    sql.append(" ORDER BY t.id LIMIT :limit");
    JdbcClient.StatementSpec statement =
        jdbc.sql(sql.toString())
            .param("tenant", tenant.value())
            .param("after", after)
            .param("limit", limit);
    if (assignee != null) {
      statement = statement.param("assignee", assignee);
    }
    return statement.query(ManualTaskRepository::row).list();
  }

  void complete(TenantId tenant, String id, String dataJson, Instant at) {
    jdbc.sql(
            "UPDATE manual_tasks SET data = :data::jsonb, completed_at = :at"
                + " WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .param("data", dataJson)
        .param("at", Timestamp.from(at))
        .update();
  }

  private static TaskRow row(ResultSet rs, int i) throws SQLException {
    Timestamp completed = rs.getTimestamp(11);
    return new TaskRow(
        rs.getString(1),
        RunId.of(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getTimestamp(10).toInstant(),
        completed == null ? null : completed.toInstant());
  }

  /** A row of {@code manual_tasks} with its derived status; JSON as text until parsed. */
  record TaskRow(
      String id,
      RunId runId,
      String nodeId,
      String executionId,
      String status,
      String assignee,
      String detailsJson,
      Object form,
      Object data,
      Instant createdAt,
      Instant completedAt) {

    TaskRow withJson(Object parsedForm, Object parsedData) {
      return new TaskRow(
          id,
          runId,
          nodeId,
          executionId,
          status,
          assignee,
          detailsJson,
          parsedForm,
          parsedData,
          createdAt,
          completedAt);
    }
  }
}
