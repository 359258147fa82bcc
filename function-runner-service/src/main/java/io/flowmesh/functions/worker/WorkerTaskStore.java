package io.flowmesh.functions.worker;

import io.flowmesh.functions.execution.PendingExecution;
import io.flowmesh.model.function.FunctionRequested;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code worker_tasks} table. Every statement names the tenant, except the reaper's, which
 * expires leases of every tenant. Leases are taken with {@code FOR UPDATE SKIP LOCKED}, so
 * concurrent polls never take the same task and never wait for each other.
 */
@Repository
class WorkerTaskStore {

  private static final String INSERT =
      "INSERT INTO worker_tasks (tenant, task_id, function, run_id, node_id, attempt, input,"
          + " reply_key, traceparent) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
          + " ON CONFLICT (tenant, task_id) DO NOTHING";

  private static final String CLAIM =
      "WITH next AS (SELECT tenant, task_id FROM worker_tasks"
          + " WHERE tenant = ? AND function = ANY(?) AND status = 'QUEUED'"
          + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)"
          + " UPDATE worker_tasks t SET status = 'LEASED', lease_token = gen_random_uuid()::text,"
          + " leased_by = ?, leased_at = now(), lease_expires_at = now() + make_interval(secs => ?)"
          + " FROM next WHERE t.tenant = next.tenant AND t.task_id = next.task_id"
          + " RETURNING t.task_id, t.lease_token, t.lease_expires_at, t.function, t.run_id,"
          + " t.node_id, t.attempt, t.input::text AS input, t.created_at";

  private static final String LOCK =
      "SELECT tenant, task_id, function, run_id, node_id, attempt, reply_key, traceparent, status,"
          + " lease_token, lease_expires_at > now() AS lease_live, leased_at FROM worker_tasks"
          + " WHERE tenant = ? AND task_id = ? FOR UPDATE";

  private static final String EXPIRE =
      "WITH gone AS (SELECT tenant, task_id FROM worker_tasks"
          + " WHERE status = 'LEASED' AND lease_expires_at <= now()"
          + " ORDER BY lease_expires_at LIMIT ? FOR UPDATE SKIP LOCKED)"
          + " UPDATE worker_tasks t SET status = 'EXPIRED', finished_at = now()"
          + " FROM gone WHERE t.tenant = gone.tenant AND t.task_id = gone.task_id"
          + " RETURNING t.tenant, t.task_id, t.function, t.run_id, t.node_id, t.attempt,"
          + " t.reply_key, t.traceparent, t.status, t.lease_token, false AS lease_live, t.leased_at";

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final JsonMapper json;

  WorkerTaskStore(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
  }

  /** Stores the requests as queued tasks; a request stored before (redelivered) is left alone. */
  void insert(Collection<PendingExecution> requests) {
    batch.batchUpdate(
        INSERT,
        requests.stream()
            .map(
                p -> {
                  FunctionRequested r = p.request();
                  return new Object[] {
                    p.tenant(),
                    r.executionId(),
                    r.function(),
                    r.runId(),
                    r.nodeId(),
                    r.attempt(),
                    json.writeValueAsString(r.input()),
                    p.replyKey(),
                    p.traceparent()
                  };
                })
            .toList());
  }

  /** Leases up to {@code limit} of the tenant's oldest queued tasks of these functions. */
  List<LeasedTask> claim(
      String tenant, Collection<String> functions, int limit, String workerId, Duration lease) {
    return jdbc
        .sql(CLAIM)
        .param(tenant)
        .param(functions.toArray(String[]::new))
        .param(limit)
        .param(workerId)
        .param(seconds(lease))
        .query(this::claimed)
        .list()
        .stream()
        .sorted(Comparator.comparing(Claimed::createdAt))
        .map(Claimed::task)
        .toList();
  }

  /** The task, locked until the transaction ends. */
  Optional<TaskLease> lock(String tenant, String taskId) {
    return jdbc.sql(LOCK).param(tenant).param(taskId).query(WorkerTaskStore::lease).optional();
  }

  /** Ends the task (SUCCEEDED or FAILED); the caller holds its lock and has decided. */
  void finish(TaskLease task, String status) {
    jdbc.sql(
            "UPDATE worker_tasks SET status = ?, finished_at = now()"
                + " WHERE tenant = ? AND task_id = ?")
        .param(status)
        .param(task.tenant())
        .param(task.taskId())
        .update();
  }

  /** Extends a live lease; empty if the lease is not (or no longer) the task's. */
  Optional<Instant> extend(String tenant, String taskId, String token, Duration lease) {
    return jdbc.sql(
            "UPDATE worker_tasks SET lease_expires_at = now() + make_interval(secs => ?)"
                + " WHERE tenant = ? AND task_id = ? AND status = 'LEASED' AND lease_token = ?"
                + " AND lease_expires_at > now() RETURNING lease_expires_at")
        .param(seconds(lease))
        .param(tenant)
        .param(taskId)
        .param(token)
        .query((rs, row) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** Marks up to {@code limit} expired leases of any tenant EXPIRED and returns their tasks. */
  List<TaskLease> expire(int limit) {
    return jdbc.sql(EXPIRE).param(limit).query(WorkerTaskStore::lease).list();
  }

  /** Deletes up to {@code limit} rows of tasks of any tenant finished before the instant. */
  int deleteFinishedBefore(Instant before, int limit) {
    return jdbc.sql(
            """
            DELETE FROM worker_tasks WHERE ctid IN (
              SELECT ctid FROM worker_tasks
              WHERE status IN ('SUCCEEDED', 'FAILED', 'EXPIRED') AND finished_at < ?
              LIMIT ?)
            """)
        .param(Timestamp.from(before))
        .param(limit)
        .update();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private record Claimed(LeasedTask task, Instant createdAt) {}

  private Claimed claimed(ResultSet rs, int row) throws SQLException {
    String input = rs.getString("input");
    return new Claimed(
        new LeasedTask(
            rs.getString("task_id"),
            rs.getString("lease_token"),
            rs.getTimestamp("lease_expires_at").toInstant(),
            rs.getString("function"),
            rs.getString("run_id"),
            rs.getString("node_id"),
            rs.getInt("attempt"),
            input == null ? null : json.readTree(input)),
        rs.getTimestamp("created_at").toInstant());
  }

  private static TaskLease lease(ResultSet rs, int row) throws SQLException {
    Timestamp leasedAt = rs.getTimestamp("leased_at");
    return new TaskLease(
        rs.getString("tenant"),
        rs.getString("task_id"),
        rs.getString("function"),
        rs.getString("run_id"),
        rs.getString("node_id"),
        rs.getInt("attempt"),
        rs.getString("reply_key"),
        rs.getString("traceparent"),
        rs.getString("status"),
        rs.getString("lease_token"),
        rs.getBoolean("lease_live"),
        leasedAt == null ? null : leasedAt.toInstant());
  }
}
