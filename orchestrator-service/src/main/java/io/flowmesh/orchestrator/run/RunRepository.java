package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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

  void insert(TenantId tenant, RunRow run, String idempotencyKey, String businessKey) {
    jdbc.sql(
            "INSERT INTO runs (tenant, id, workflow_id, workflow_version, status, trigger_data,"
                + " outputs, idempotency_key, business_key, started_at) VALUES (:tenant, :id,"
                + " :workflowId, :version, :status, :trigger::jsonb, :outputs::jsonb, :key,"
                + " :businessKey, :startedAt)")
        .param("tenant", tenant.value())
        .param("id", run.id().value())
        .param("workflowId", run.workflowId().value())
        .param("version", run.version())
        .param("status", run.status().name())
        .param("trigger", run.triggerJson())
        .param("outputs", run.outputsJson())
        .param("key", idempotencyKey)
        .param("businessKey", businessKey)
        .param("startedAt", Timestamp.from(run.startedAt()))
        .update();
  }

  Optional<RunRow> find(TenantId tenant, RunId runId) {
    return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM runs WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", runId.value())
        .query(RunRepository::runRow)
        .optional();
  }

  /** The run whose sub-workflow node started this one; empty for a run started otherwise. */
  Optional<RunId> parentOf(TenantId tenant, RunId runId) {
    return jdbc.sql(
            "SELECT parent_run_id FROM sub_runs WHERE tenant = :tenant AND child_run_id = :id")
        .param("tenant", tenant.value())
        .param("id", runId.value())
        .query(String.class)
        .optional()
        .map(RunId::of);
  }

  /** The run's node attempts in the order they started (insertion order); JSON as text. */
  List<NodeAttempt> history(TenantId tenant, RunId runId) {
    return jdbc.sql(
            "SELECT execution_id, node_id, attempt, status, input::text, output::text,"
                + " error::text, started_at, finished_at, NULL::int, NULL::text"
                + " FROM node_executions WHERE tenant = :tenant AND run_id = :runId"
                + " ORDER BY seq")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .query(NodeAttemptRows::read)
        .list();
  }

  /** Locks the run row: every state change of a run holds this lock until commit. */
  Optional<RunRow> lock(TenantId tenant, RunId runId) {
    return jdbc.sql(
            "SELECT " + RUN_COLUMNS + " FROM runs WHERE tenant = :tenant AND id = :id FOR UPDATE")
        .param("tenant", tenant.value())
        .param("id", runId.value())
        .query(RunRepository::runRow)
        .optional();
  }

  /**
   * The run of the workflow started with this business key, if any. Takes a transaction-scoped
   * advisory lock on the key first, so two concurrent starts with one key serialise here and the
   * second finds the first's run instead of violating the unique index.
   */
  Optional<RunId> lockAndFindIdByBusinessKey(TenantId tenant, WorkflowId workflowId, String key) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:tenant || '/' || :workflowId || '#' || :key))")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .param("key", key)
        .query()
        .singleValue();
    return jdbc.sql(
            "SELECT id FROM runs WHERE tenant = :tenant AND workflow_id = :workflowId"
                + " AND business_key = :key")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId.value())
        .param("key", key)
        .query(String.class)
        .optional()
        .map(RunId::of);
  }

  Optional<String> findIdByIdempotencyKey(TenantId tenant, String key) {
    return jdbc.sql("SELECT id FROM runs WHERE tenant = :tenant AND idempotency_key = :key")
        .param("tenant", tenant.value())
        .param("key", key)
        .query(String.class)
        .optional();
  }

  /** The run's running attempts: node id to execution id. */
  Map<String, String> runningExecutions(TenantId tenant, RunId runId) {
    Map<String, String> running = new HashMap<>();
    jdbc.sql(
            "SELECT node_id, execution_id FROM node_executions"
                + " WHERE tenant = :tenant AND run_id = :runId AND status = 'RUNNING'")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .query(
            rs -> {
              running.put(rs.getString(1), rs.getString(2));
            });
    return running;
  }

  void update(TenantId tenant, RunRow run) {
    jdbc.sql(
            "UPDATE runs SET status = :status, outputs = :outputs::jsonb, error = :error::jsonb,"
                + " completed_at = :completedAt WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", run.id().value())
        .param("status", run.status().name())
        .param("outputs", run.outputsJson())
        .param("error", run.errorJson())
        .param("completedAt", run.completedAt() == null ? null : Timestamp.from(run.completedAt()))
        .update();
  }

  /** Node id to status of every node execution of the run (latest attempt wins). */
  Map<String, String> nodeStatuses(TenantId tenant, RunId runId) {
    Map<String, String> statuses = new HashMap<>();
    jdbc.sql(
            "SELECT node_id, status FROM node_executions WHERE tenant = :tenant AND run_id = :runId"
                + " ORDER BY attempt")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .query(
            rs -> {
              statuses.put(rs.getString(1), rs.getString(2));
            });
    return statuses;
  }

  Optional<String> executionStatus(TenantId tenant, String executionId) {
    return jdbc.sql(
            "SELECT status FROM node_executions WHERE tenant = :tenant AND execution_id = :id")
        .param("tenant", tenant.value())
        .param("id", executionId)
        .query(String.class)
        .optional();
  }

  /** A retry attempt waiting for its backoff: SCHEDULED until its timer starts it. */
  void insertScheduledExecution(
      TenantId tenant,
      String executionId,
      RunId runId,
      String nodeId,
      int attempt,
      Instant scheduledAt) {
    jdbc.sql(
            "INSERT INTO node_executions (tenant, execution_id, run_id, node_id, attempt, status,"
                + " started_at) VALUES (:tenant, :id, :runId, :nodeId, :attempt, 'SCHEDULED',"
                + " :at)")
        .param("tenant", tenant.value())
        .param("id", executionId)
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .param("attempt", attempt)
        .param("at", Timestamp.from(scheduledAt))
        .update();
  }

  /** Marks the run's running attempts CANCELLED, so their late results are ignored. */
  void cancelRunningExecutions(TenantId tenant, RunId runId, Instant at) {
    jdbc.sql(
            "UPDATE node_executions SET status = 'CANCELLED', finished_at = :at"
                + " WHERE tenant = :tenant AND run_id = :runId"
                + " AND status IN ('RUNNING', 'SCHEDULED')")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .param("at", Timestamp.from(at))
        .update();
  }

  /**
   * Locks the runs of a batch, in (tenant, id) order so that two batches sharing runs wait for each
   * other instead of deadlocking. Runs that do not exist are missing from the map.
   */
  Map<TenantScoped, RunRow> lockAll(Collection<TenantScoped> keys) {
    Map<TenantScoped, RunRow> locked = new HashMap<>();
    jdbc.sql(
            "SELECT "
                + RUN_COLUMNS
                + ", tenant FROM runs WHERE (tenant, id) IN (SELECT * FROM unnest(?::text[], ?::text[]))"
                + " ORDER BY tenant, id FOR UPDATE")
        .param(TenantScoped.tenants(keys))
        .param(TenantScoped.ids(keys))
        .query(
            rs -> {
              locked.put(
                  new TenantScoped(TenantId.of(rs.getString(10)), rs.getString(1)), runRow(rs, 1));
            });
    return locked;
  }

  /**
   * The attempt statuses of several runs in one query; a run with no attempts is missing. Read
   * after the runs are locked, so that it sees what the lock holder before committed.
   */
  Map<TenantScoped, AttemptStatuses> attemptStatusesOf(Collection<TenantScoped> runKeys) {
    Map<TenantScoped, AttemptStatuses> statuses = new HashMap<>();
    jdbc.sql(
            "SELECT tenant, run_id, node_id, execution_id, status FROM node_executions"
                + " WHERE (tenant, run_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))"
                + " ORDER BY attempt")
        .param(TenantScoped.tenants(runKeys))
        .param(TenantScoped.ids(runKeys))
        .query(
            rs -> {
              AttemptStatuses run =
                  statuses.computeIfAbsent(
                      new TenantScoped(TenantId.of(rs.getString(1)), rs.getString(2)),
                      k -> new AttemptStatuses(new HashMap<>(), new HashMap<>()));
              run.byNode().put(rs.getString(3), rs.getString(5));
              run.byExecution().put(rs.getString(4), rs.getString(5));
            });
    return statuses;
  }

  AttemptStatuses attemptStatuses(TenantId tenant, RunId runId) {
    TenantScoped key = new TenantScoped(tenant, runId.value());
    return attemptStatusesOf(List.of(key)).getOrDefault(key, AttemptStatuses.NONE);
  }

  /** Inserts runs in one statement, in the given order. */
  void insertAll(List<TransitionWrites.NewRun> newRuns) {
    jdbc.sql(
            "INSERT INTO runs (tenant, id, workflow_id, workflow_version, status, trigger_data,"
                + " outputs, error, idempotency_key, business_key, request_fingerprint,"
                + " started_at, completed_at) SELECT t, i, w, v, s, td::jsonb, o::jsonb, e::jsonb,"
                + " k, b, f, sa::timestamptz, ca::timestamptz FROM unnest(?::text[], ?::text[],"
                + " ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY"
                + " AS r(t, i, w, v, s, td, o, e, k, b, f, sa, ca, n) ORDER BY n")
        .param(column(newRuns, row -> row.tenant().value()))
        .param(column(newRuns, r -> r.run().id().value()))
        .param(column(newRuns, r -> r.run().workflowId().value()))
        .param(newRuns.stream().map(r -> r.run().version()).toArray(Integer[]::new))
        .param(column(newRuns, r -> r.run().status().name()))
        .param(column(newRuns, r -> r.run().triggerJson()))
        .param(column(newRuns, r -> r.run().outputsJson()))
        .param(column(newRuns, r -> r.run().errorJson()))
        .param(column(newRuns, TransitionWrites.NewRun::idempotencyKey))
        .param(column(newRuns, TransitionWrites.NewRun::businessKey))
        .param(column(newRuns, TransitionWrites.NewRun::requestFingerprint))
        .param(column(newRuns, r -> text(r.run().startedAt())))
        .param(column(newRuns, r -> text(r.run().completedAt())))
        .update();
  }

  /**
   * Inserts node attempts in one statement, in the given order (their history order). A retry
   * attempt exists already, SCHEDULED, since its backoff began: it is overwritten.
   */
  void insertExecutions(List<TransitionWrites.NewAttempt> attempts) {
    jdbc.sql(
            "INSERT INTO node_executions (tenant, execution_id, run_id, node_id, attempt, status,"
                + " input, output, error, started_at, finished_at)"
                + " SELECT t, x, r, nd, a, s, i::jsonb, o::jsonb, e::jsonb, sa::timestamptz,"
                + " fa::timestamptz FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " WITH ORDINALITY AS u(t, x, r, nd, a, s, i, o, e, sa, fa, n) ORDER BY n"
                + " ON CONFLICT (tenant, execution_id) DO UPDATE SET status = EXCLUDED.status,"
                + " input = EXCLUDED.input, output = EXCLUDED.output, error = EXCLUDED.error,"
                + " started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at")
        .param(column(attempts, row -> row.tenant().value()))
        .param(column(attempts, TransitionWrites.NewAttempt::executionId))
        .param(column(attempts, a -> a.runId().value()))
        .param(column(attempts, TransitionWrites.NewAttempt::nodeId))
        .param(attempts.stream().map(TransitionWrites.NewAttempt::attempt).toArray(Integer[]::new))
        .param(column(attempts, TransitionWrites.NewAttempt::status))
        .param(column(attempts, TransitionWrites.NewAttempt::inputJson))
        .param(column(attempts, TransitionWrites.NewAttempt::outputJson))
        .param(column(attempts, TransitionWrites.NewAttempt::errorJson))
        .param(column(attempts, a -> text(a.startedAt())))
        .param(column(attempts, a -> text(a.finishedAt())))
        .update();
  }

  /** Finishes node attempts in one statement. */
  void finishExecutions(List<TransitionWrites.FinishedAttempt> finished) {
    jdbc.sql(
            "UPDATE node_executions AS ne SET status = u.s, output = u.o::jsonb,"
                + " error = u.e::jsonb, finished_at = u.fa::timestamptz"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS u(t, x, s, o, e, fa) WHERE ne.tenant = u.t AND ne.execution_id = u.x")
        .param(column(finished, row -> row.tenant().value()))
        .param(column(finished, TransitionWrites.FinishedAttempt::executionId))
        .param(column(finished, TransitionWrites.FinishedAttempt::status))
        .param(column(finished, TransitionWrites.FinishedAttempt::outputJson))
        .param(column(finished, TransitionWrites.FinishedAttempt::errorJson))
        .param(column(finished, f -> text(f.finishedAt())))
        .update();
  }

  /** Writes the state of several run rows in one statement. */
  void updateAll(List<TransitionWrites.RunUpdate> updates) {
    jdbc.sql(
            "UPDATE runs AS r SET status = u.s, outputs = u.o::jsonb, error = u.e::jsonb,"
                + " completed_at = u.ca::timestamptz"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS u(t, i, s, o, e, ca) WHERE r.tenant = u.t AND r.id = u.i")
        .param(column(updates, row -> row.tenant().value()))
        .param(column(updates, u -> u.run().id().value()))
        .param(column(updates, u -> u.run().status().name()))
        .param(column(updates, u -> u.run().outputsJson()))
        .param(column(updates, u -> u.run().errorJson()))
        .param(column(updates, u -> text(u.run().completedAt())))
        .update();
  }

  /** One column of a multi-row statement, as a text array (unnest turns it back into rows). */
  private static <T> String[] column(List<T> rows, Function<T, String> value) {
    return rows.stream().map(value).toArray(String[]::new);
  }

  /** RFC 3339 text, which PostgreSQL casts to timestamptz without loss. */
  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static RunRow runRow(ResultSet rs, int row) throws SQLException {
    Timestamp completed = rs.getTimestamp(9);
    return new RunRow(
        RunId.of(rs.getString(1)),
        WorkflowId.of(rs.getString(2)),
        rs.getInt(3),
        RunStatus.valueOf(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getTimestamp(8).toInstant(),
        completed == null ? null : completed.toInstant());
  }
}
