package io.flowmesh.orchestrator.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Runs and node executions; every query is scoped to a tenant. */
@Repository
class RunRepository {

  private static final String RUN_COLUMNS =
      "id, workflow_id, workflow_version, status, trigger_data::text, outputs::text, error::text,"
          + " started_at, completed_at";

  private final JdbcClient jdbc;

  RunRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(String tenant, RunRow run, String idempotencyKey, String businessKey) {
    jdbc.sql(
            "INSERT INTO runs (tenant, id, workflow_id, workflow_version, status, trigger_data,"
                + " outputs, idempotency_key, business_key, started_at) VALUES (:tenant, :id,"
                + " :workflowId, :version, :status, :trigger::jsonb, :outputs::jsonb, :key,"
                + " :businessKey, :startedAt)")
        .param("tenant", tenant)
        .param("id", run.id())
        .param("workflowId", run.workflowId())
        .param("version", run.version())
        .param("status", run.status().name())
        .param("trigger", run.triggerJson())
        .param("outputs", run.outputsJson())
        .param("key", idempotencyKey)
        .param("businessKey", businessKey)
        .param("startedAt", Timestamp.from(run.startedAt()))
        .update();
  }

  Optional<RunRow> find(String tenant, String runId) {
    return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM runs WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant)
        .param("id", runId)
        .query(RunRepository::runRow)
        .optional();
  }

  /** The run's node attempts in the order they started (insertion order); JSON as text. */
  List<NodeAttempt> history(String tenant, String runId) {
    return jdbc.sql(
            "SELECT execution_id, node_id, attempt, status, input::text, output::text,"
                + " error::text, started_at, finished_at FROM node_executions"
                + " WHERE tenant = :tenant AND run_id = :runId"
                + " ORDER BY seq")
        .param("tenant", tenant)
        .param("runId", runId)
        .query(
            (rs, i) ->
                new NodeAttempt(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getTimestamp(8).toInstant(),
                    rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()))
        .list();
  }

  /** Locks the run row: every state change of a run holds this lock until commit. */
  Optional<RunRow> lock(String tenant, String runId) {
    return jdbc.sql(
            "SELECT " + RUN_COLUMNS + " FROM runs WHERE tenant = :tenant AND id = :id FOR UPDATE")
        .param("tenant", tenant)
        .param("id", runId)
        .query(RunRepository::runRow)
        .optional();
  }

  /**
   * The run of the workflow started with this business key, if any. Takes a transaction-scoped
   * advisory lock on the key first, so two concurrent starts with one key serialise here and the
   * second finds the first's run instead of violating the unique index.
   */
  Optional<String> lockAndFindIdByBusinessKey(String tenant, String workflowId, String key) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:tenant || '/' || :workflowId || '#' || :key))")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .param("key", key)
        .query()
        .singleValue();
    return jdbc.sql(
            "SELECT id FROM runs WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " AND business_key = :key")
        .param("tenant", tenant)
        .param("workflowId", workflowId)
        .param("key", key)
        .query(String.class)
        .optional();
  }

  Optional<String> findIdByIdempotencyKey(String tenant, String key) {
    return jdbc.sql("SELECT id FROM runs WHERE tenant = :tenant AND idempotency_key = :key")
        .param("tenant", tenant)
        .param("key", key)
        .query(String.class)
        .optional();
  }

  /** The run's running attempts: node id to execution id. */
  Map<String, String> runningExecutions(String tenant, String runId) {
    Map<String, String> running = new HashMap<>();
    jdbc.sql(
            "SELECT node_id, execution_id FROM node_executions"
                + " WHERE tenant = :tenant AND run_id = :runId AND status = 'RUNNING'")
        .param("tenant", tenant)
        .param("runId", runId)
        .query(
            rs -> {
              running.put(rs.getString(1), rs.getString(2));
            });
    return running;
  }

  void update(String tenant, RunRow run) {
    jdbc.sql(
            "UPDATE runs SET status = :status, outputs = :outputs::jsonb, error = :error::jsonb,"
                + " completed_at = :completedAt WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant)
        .param("id", run.id())
        .param("status", run.status().name())
        .param("outputs", run.outputsJson())
        .param("error", run.errorJson())
        .param("completedAt", run.completedAt() == null ? null : Timestamp.from(run.completedAt()))
        .update();
  }

  /** Node id to status of every node execution of the run (latest attempt wins). */
  Map<String, String> nodeStatuses(String tenant, String runId) {
    Map<String, String> statuses = new HashMap<>();
    jdbc.sql(
            "SELECT node_id, status FROM node_executions WHERE tenant = :tenant AND run_id = :runId"
                + " ORDER BY attempt")
        .param("tenant", tenant)
        .param("runId", runId)
        .query(
            rs -> {
              statuses.put(rs.getString(1), rs.getString(2));
            });
    return statuses;
  }

  Optional<String> executionStatus(String tenant, String executionId) {
    return jdbc.sql(
            "SELECT status FROM node_executions WHERE tenant = :tenant AND execution_id = :id")
        .param("tenant", tenant)
        .param("id", executionId)
        .query(String.class)
        .optional();
  }

  void insertExecution(
      String tenant,
      String executionId,
      String runId,
      String nodeId,
      int attempt,
      String inputJson,
      Instant startedAt) {
    jdbc.sql(
            "INSERT INTO node_executions (tenant, execution_id, run_id, node_id, attempt, status,"
                + " input, started_at) VALUES (:tenant, :id, :runId, :nodeId, :attempt, 'RUNNING',"
                + " :input::jsonb, :startedAt)"
                // a retry attempt exists already, SCHEDULED, since its backoff began
                + " ON CONFLICT (tenant, execution_id) DO UPDATE SET status = 'RUNNING',"
                + " input = EXCLUDED.input, started_at = EXCLUDED.started_at")
        .param("tenant", tenant)
        .param("id", executionId)
        .param("runId", runId)
        .param("nodeId", nodeId)
        .param("attempt", attempt)
        .param("input", inputJson)
        .param("startedAt", Timestamp.from(startedAt))
        .update();
  }

  /** A retry attempt waiting for its backoff: SCHEDULED until its timer starts it. */
  void insertScheduledExecution(
      String tenant,
      String executionId,
      String runId,
      String nodeId,
      int attempt,
      Instant scheduledAt) {
    jdbc.sql(
            "INSERT INTO node_executions (tenant, execution_id, run_id, node_id, attempt, status,"
                + " started_at) VALUES (:tenant, :id, :runId, :nodeId, :attempt, 'SCHEDULED',"
                + " :at)")
        .param("tenant", tenant)
        .param("id", executionId)
        .param("runId", runId)
        .param("nodeId", nodeId)
        .param("attempt", attempt)
        .param("at", Timestamp.from(scheduledAt))
        .update();
  }

  /** Marks the run's running attempts CANCELLED, so their late results are ignored. */
  void cancelRunningExecutions(String tenant, String runId, Instant at) {
    jdbc.sql(
            "UPDATE node_executions SET status = 'CANCELLED', finished_at = :at"
                + " WHERE tenant = :tenant AND run_id = :runId"
                + " AND status IN ('RUNNING', 'SCHEDULED')")
        .param("tenant", tenant)
        .param("runId", runId)
        .param("at", Timestamp.from(at))
        .update();
  }

  void finishExecution(
      String tenant,
      String executionId,
      String status,
      String outputJson,
      String errorJson,
      Instant finishedAt) {
    jdbc.sql(
            "UPDATE node_executions SET status = :status, output = :output::jsonb,"
                + " error = :error::jsonb, finished_at = :finishedAt"
                + " WHERE tenant = :tenant AND execution_id = :id")
        .param("tenant", tenant)
        .param("id", executionId)
        .param("status", status)
        .param("output", outputJson)
        .param("error", errorJson)
        .param("finishedAt", Timestamp.from(finishedAt))
        .update();
  }

  private static RunRow runRow(ResultSet rs, int row) throws SQLException {
    Timestamp completed = rs.getTimestamp(9);
    return new RunRow(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        RunStatus.valueOf(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getTimestamp(8).toInstant(),
        completed == null ? null : completed.toInstant());
  }
}
