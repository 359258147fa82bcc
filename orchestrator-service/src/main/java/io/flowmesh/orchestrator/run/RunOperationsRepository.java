package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writes of pause, resume and retry that the per-step {@link RunRepository} does not need:
 * status and version changes, outcomes held while a run is paused, attempt numbers. Every query is
 * scoped to a tenant; callers hold the run row lock.
 */
@Repository
class RunOperationsRepository {

  /**
   * A result held while its run was paused.
   *
   * @param error null when the attempt succeeded
   */
  record HeldOutcome(
      String executionId, String nodeId, int attempt, Object output, ExecutionError error) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;

  RunOperationsRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void setStatus(TenantId tenant, RunId runId, RunStatus status) {
    jdbc.sql("UPDATE runs SET status = :status WHERE tenant = :tenant AND id = :id")
        .param("status", status.name())
        .param("tenant", tenant.value())
        .param("id", runId.value())
        .update();
  }

  /** Makes a failed run running again, on the given definition version. */
  void reopen(TenantId tenant, RunId runId, int version) {
    jdbc.sql(
            "UPDATE runs SET status = 'RUNNING', error = NULL, completed_at = NULL,"
                + " workflow_version = :version WHERE tenant = :tenant AND id = :id")
        .param("version", version)
        .param("tenant", tenant.value())
        .param("id", runId.value())
        .update();
  }

  void hold(TenantId tenant, RunId runId, FunctionOutcome outcome, Instant at) {
    jdbc.sql(
            "INSERT INTO run_held_outcomes (tenant, run_id, execution_id, node_id, attempt, output,"
                + " error, held_at) VALUES (:tenant, :runId, :executionId, :nodeId, :attempt,"
                + " :output::jsonb, :error::jsonb, :at)")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .param("executionId", outcome.executionId())
        .param("nodeId", outcome.nodeId())
        .param("attempt", outcome.attempt())
        .param("output", outcome.error() == null ? json.writeValueAsString(outcome.output()) : null)
        .param("error", outcome.error() == null ? null : json.writeValueAsString(outcome.error()))
        .param("at", Timestamp.from(at))
        .update();
  }

  /** The run's held outcomes in arrival order, removed from the table. */
  List<HeldOutcome> takeHeld(TenantId tenant, RunId runId) {
    List<HeldOutcome> held =
        jdbc.sql(
                "SELECT execution_id, node_id, attempt, output::text, error::text"
                    + " FROM run_held_outcomes WHERE tenant = :tenant AND run_id = :runId"
                    + " ORDER BY seq")
            .param("tenant", tenant.value())
            .param("runId", runId.value())
            .query(
                (rs, i) ->
                    new HeldOutcome(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4) == null
                            ? null
                            : json.readValue(rs.getString(4), Object.class),
                        rs.getString(5) == null
                            ? null
                            : json.readValue(rs.getString(5), ExecutionError.class)))
            .list();
    jdbc.sql("DELETE FROM run_held_outcomes WHERE tenant = :tenant AND run_id = :runId")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .update();
    return held;
  }

  int heldCount(TenantId tenant, RunId runId) {
    return jdbc.sql(
            "SELECT count(*) FROM run_held_outcomes WHERE tenant = :tenant AND run_id = :runId")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .query(Integer.class)
        .single();
  }

  /** The highest attempt number the node has had in the run; 0 if it never ran. */
  int lastAttempt(TenantId tenant, RunId runId, String nodeId) {
    return jdbc.sql(
            "SELECT coalesce(max(attempt), 0) FROM node_executions"
                + " WHERE tenant = :tenant AND run_id = :runId AND node_id = :nodeId")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .query(Integer.class)
        .single();
  }

  /** The input the node's latest attempt started with, as JSON text. */
  Optional<Object> lastInput(TenantId tenant, RunId runId, String nodeId) {
    return jdbc.sql(
            "SELECT input::text FROM node_executions WHERE tenant = :tenant AND run_id = :runId"
                + " AND node_id = :nodeId ORDER BY attempt DESC LIMIT 1")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .query(String.class)
        .optional()
        .map(text -> json.readValue(text, Object.class));
  }

  /** The execution id of the node's latest attempt in the run. */
  Optional<String> lastExecutionId(TenantId tenant, RunId runId, String nodeId) {
    return jdbc.sql(
            "SELECT execution_id FROM node_executions WHERE tenant = :tenant AND run_id = :runId"
                + " AND node_id = :nodeId ORDER BY attempt DESC LIMIT 1")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .query(String.class)
        .optional();
  }

  /** The node of the run's most recent failed attempt, if any. */
  Optional<String> lastFailedNode(TenantId tenant, RunId runId) {
    return jdbc.sql(
            "SELECT node_id FROM node_executions WHERE tenant = :tenant AND run_id = :runId"
                + " AND status = 'FAILED' ORDER BY seq DESC LIMIT 1")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .query(String.class)
        .optional();
  }

  /** Marks one attempt SUPERSEDED: a later attempt replaces it and its late result is ignored. */
  void supersede(TenantId tenant, String executionId, Instant at) {
    jdbc.sql(
            "UPDATE node_executions SET status = 'SUPERSEDED', finished_at = :at"
                + " WHERE tenant = :tenant AND execution_id = :id AND status = 'RUNNING'")
        .param("at", Timestamp.from(at))
        .param("tenant", tenant.value())
        .param("id", executionId)
        .update();
  }
}
