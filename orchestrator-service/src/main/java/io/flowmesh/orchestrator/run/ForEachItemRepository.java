package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Item executions of for-each nodes; every query is scoped to a tenant. */
@Repository
class ForEachItemRepository {

  private final JdbcClient jdbc;

  ForEachItemRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(
      TenantId tenant,
      String executionId,
      RunId runId,
      String nodeId,
      String nodeExecutionId,
      int index,
      String inputJson,
      Instant at) {
    jdbc.sql(
            "INSERT INTO for_each_items (tenant, execution_id, run_id, node_id, node_execution_id,"
                + " item_index, status, input, started_at) VALUES (:tenant, :id, :runId, :nodeId,"
                + " :nodeExecutionId, :index, 'RUNNING', :input::jsonb, :at)")
        .param("tenant", tenant.value())
        .param("id", executionId)
        .param("runId", runId.value())
        .param("nodeId", nodeId)
        .param("nodeExecutionId", nodeExecutionId)
        .param("index", index)
        .param("input", inputJson)
        .param("at", Timestamp.from(at))
        .update();
  }

  Optional<Item> find(TenantId tenant, String executionId) {
    return jdbc.sql(
            "SELECT execution_id, node_id, node_execution_id, item_index, status, output::text"
                + " FROM for_each_items WHERE tenant = :tenant AND execution_id = :id")
        .param("tenant", tenant.value())
        .param("id", executionId)
        .query(
            (rs, i) ->
                new Item(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getInt(4),
                    rs.getString(5),
                    rs.getString(6)))
        .optional();
  }

  /** Every started item of the node execution, by index. */
  List<Item> ofNodeExecution(TenantId tenant, String nodeExecutionId) {
    return jdbc.sql(
            "SELECT execution_id, node_id, node_execution_id, item_index, status, output::text"
                + " FROM for_each_items WHERE tenant = :tenant"
                + " AND node_execution_id = :id ORDER BY item_index")
        .param("tenant", tenant.value())
        .param("id", nodeExecutionId)
        .query(
            (rs, i) ->
                new Item(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getInt(4),
                    rs.getString(5),
                    rs.getString(6)))
        .list();
  }

  void finish(
      TenantId tenant,
      String executionId,
      String status,
      String outputJson,
      String errorJson,
      Instant at) {
    jdbc.sql(
            "UPDATE for_each_items SET status = :status, output = :output::jsonb,"
                + " error = :error::jsonb, finished_at = :at"
                + " WHERE tenant = :tenant AND execution_id = :id")
        .param("tenant", tenant.value())
        .param("id", executionId)
        .param("status", status)
        .param("output", outputJson)
        .param("error", errorJson)
        .param("at", Timestamp.from(at))
        .update();
  }

  /**
   * The items of the given node executions for a run's history, each as its node's attempt number
   * says, by node execution and index; JSON as text. An item still running whose node execution is
   * not (the node failed, was cancelled or superseded) will never count: it shows as CANCELLED, or
   * SUPERSEDED when a retry replaced its node's attempt.
   */
  List<NodeAttempt> history(TenantId tenant, List<String> nodeExecutionIds) {
    if (nodeExecutionIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT i.execution_id, i.node_id, e.attempt,"
                + " CASE WHEN i.status <> 'RUNNING' OR e.status = 'RUNNING' THEN i.status"
                + " WHEN e.status = 'SUPERSEDED' THEN 'SUPERSEDED' ELSE 'CANCELLED' END,"
                + " i.input::text, i.output::text, i.error::text, i.started_at, i.finished_at,"
                + " i.item_index, i.node_execution_id FROM for_each_items i JOIN node_executions e"
                + " ON e.tenant = i.tenant AND e.execution_id = i.node_execution_id"
                + " WHERE i.tenant = :tenant AND i.node_execution_id IN (:ids)"
                + " ORDER BY i.node_execution_id, i.item_index")
        .param("tenant", tenant.value())
        .param("ids", nodeExecutionIds)
        .query(NodeAttemptRows::read)
        .list();
  }

  /** A for-each's node execution: its attempt and its input ({@code {items, concurrency}}). */
  Optional<NodeExecution> nodeExecution(TenantId tenant, String nodeExecutionId) {
    return jdbc.sql(
            "SELECT attempt, input::text FROM node_executions"
                + " WHERE tenant = :tenant AND execution_id = :id")
        .param("tenant", tenant.value())
        .param("id", nodeExecutionId)
        .query((rs, i) -> new NodeExecution(rs.getInt(1), rs.getString(2)))
        .optional();
  }

  /** A for-each node's attempt; input as JSON text. */
  record NodeExecution(int attempt, String inputJson) {}

  /** A started item; output as JSON text. */
  record Item(
      String executionId,
      String nodeId,
      String nodeExecutionId,
      int index,
      String status,
      String outputJson) {}
}
