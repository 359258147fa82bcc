package io.flowmesh.functions.direct;

import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.web.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code direct_executions} table. A row is written when a call is accepted, before the
 * function runs, and finished once; the {@code status = 'RUNNING'} condition on every update makes
 * the first outcome recorded the only one.
 */
@Repository
class DirectExecutionRepository {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  DirectExecutionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * An execution accepted for running.
   *
   * @param tenant the caller's tenant
   * @param request the call
   * @param invocationId our id of the execution, what the executors see
   * @param requestHash identifies the call, see {@link DirectExecution#requestHash()}
   * @param startedAt when it was accepted
   * @param deadlineAt when it counts as abandoned if still running
   */
  record Accepted(
      Tenant tenant,
      ExecuteRequest request,
      String invocationId,
      String requestHash,
      Instant startedAt,
      Instant deadlineAt) {}

  /**
   * Records the accepted execution as running.
   *
   * @return false if the tenant already has an execution of that id (a concurrent call)
   */
  boolean insert(Accepted accepted) {
    ExecuteRequest request = accepted.request();
    return jdbc.sql(
                "INSERT INTO direct_executions (tenant, execution_id, invocation_id, function,"
                    + " request_hash, workflow_id, node_id, node_name, status, started_at,"
                    + " deadline_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?)"
                    + " ON CONFLICT (tenant, execution_id) DO NOTHING")
            .params(
                accepted.tenant().id(),
                request.executionId(),
                accepted.invocationId(),
                request.functionSlug(),
                accepted.requestHash(),
                request.workflowId(),
                request.nodeId(),
                request.nodeName(),
                utc(accepted.startedAt()),
                utc(accepted.deadlineAt()))
            .update()
        == 1;
  }

  Optional<DirectExecution> find(Tenant tenant, String executionId) {
    return jdbc.sql(
            "SELECT execution_id, function, request_hash, status, output, error, started_at,"
                + " deadline_at, finished_at FROM direct_executions"
                + " WHERE tenant = ? AND execution_id = ?")
        .params(tenant.id(), executionId)
        .query(this::execution)
        .optional();
  }

  /**
   * Records the outcome of a running execution.
   *
   * @return false if it was no longer running (failed meanwhile as abandoned)
   */
  boolean finish(Tenant tenant, String executionId, Outcome outcome, Instant finishedAt) {
    String output = null;
    String error = null;
    switch (outcome) {
      case Outcome.Succeeded succeeded -> output = json.writeValueAsString(succeeded.output());
      case Outcome.Failed failed -> error = json.writeValueAsString(failed.error());
    }
    return jdbc.sql(
                "UPDATE direct_executions SET status = ?, output = ?::jsonb, error = ?::jsonb,"
                    + " finished_at = ? WHERE tenant = ? AND execution_id = ?"
                    + " AND status = 'RUNNING'")
            .params(
                output != null ? "SUCCEEDED" : "FAILED",
                output,
                error,
                utc(finishedAt),
                tenant.id(),
                executionId)
            .update()
        == 1;
  }

  /** Fails a running execution whose deadline has passed (by the database's clock). */
  void abandon(Tenant tenant, String executionId, ExecutionError error) {
    jdbc.sql(
            "UPDATE direct_executions SET status = 'FAILED', error = ?::jsonb, finished_at = now()"
                + " WHERE tenant = ? AND execution_id = ? AND status = 'RUNNING'"
                + " AND deadline_at < now()")
        .params(json.writeValueAsString(error), tenant.id(), executionId)
        .update();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private DirectExecution execution(ResultSet rs, int row) throws SQLException {
    String output = rs.getString("output");
    String error = rs.getString("error");
    Timestamp finishedAt = rs.getTimestamp("finished_at");
    return new DirectExecution(
        rs.getString("execution_id"),
        rs.getString("function"),
        rs.getString("request_hash"),
        DirectExecution.Status.valueOf(rs.getString("status")),
        output == null ? null : json.readTree(output),
        error == null ? null : json.readValue(error, ExecutionError.class),
        rs.getTimestamp("started_at").toInstant(),
        rs.getTimestamp("deadline_at").toInstant(),
        finishedAt == null ? null : finishedAt.toInstant());
  }
}
