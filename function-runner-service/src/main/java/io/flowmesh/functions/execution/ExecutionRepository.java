package io.flowmesh.functions.execution;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code executions} table: one row per execution id, which is what makes execution idempotent.
 */
@Repository
class ExecutionRepository {

  private static final String INSERT =
      "INSERT INTO executions (tenant, execution_id, run_id, node_id, attempt, function, status,"
          + " output, error, started_at, finished_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)"
          + " ON CONFLICT (tenant, execution_id) DO NOTHING";

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final JsonMapper json;

  ExecutionRepository(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
  }

  /** Which of these executions of the tenant are already recorded. */
  Set<String> recordedIds(String tenant, Collection<String> executionIds) {
    if (executionIds.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.sql(
                "SELECT execution_id FROM executions WHERE tenant = :tenant"
                    + " AND execution_id IN (:ids)")
            .param("tenant", tenant)
            .param("ids", executionIds)
            .query(String.class)
            .list());
  }

  /**
   * Records finished executions and returns those that were new. An execution recorded meanwhile by
   * a concurrent consumer (possible during a rebalance) is left alone and not returned, so it is
   * answered once.
   */
  List<FinishedExecution> insertNew(List<FinishedExecution> executions) {
    if (executions.isEmpty()) {
      return List.of();
    }
    List<Object[]> rows = executions.stream().map(this::row).toList();
    int[] counts = batch.batchUpdate(INSERT, rows);
    List<FinishedExecution> inserted = new ArrayList<>(executions.size());
    for (int i = 0; i < counts.length; i++) {
      // 0 = conflict; a driver that cannot tell (SUCCESS_NO_INFO) counts as new: a duplicate
      // result is harmless, a lost one is not.
      if (counts[i] != 0) {
        inserted.add(executions.get(i));
      }
    }
    return inserted;
  }

  private Object[] row(FinishedExecution execution) {
    var request = execution.pending().request();
    String status;
    String output = null;
    String error = null;
    switch (execution.outcome()) {
      case Outcome.Succeeded succeeded -> {
        status = "SUCCEEDED";
        output = json.writeValueAsString(succeeded.output());
      }
      case Outcome.Failed failed -> {
        status = "FAILED";
        error = json.writeValueAsString(failed.error());
      }
    }
    return new Object[] {
      execution.pending().tenant(),
      request.executionId(),
      request.runId(),
      request.nodeId(),
      request.attempt(),
      request.function(),
      status,
      output,
      error,
      Timestamp.from(execution.startedAt()),
      Timestamp.from(execution.finishedAt())
    };
  }
}
