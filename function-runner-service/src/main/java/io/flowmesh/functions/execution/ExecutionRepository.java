package io.flowmesh.functions.execution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code executions} table: one row per execution id, which is what makes execution idempotent.
 */
@Repository
class ExecutionRepository {

  /**
   * All of a group's rows in one statement (the poll's executions finish together and are recorded
   * together); it returns the rows it inserted, so a conflict (recorded meanwhile) is told apart.
   */
  private static final String INSERT =
      "INSERT INTO executions (tenant, execution_id, run_id, node_id, attempt, function, status,"
          + " output, error, started_at, finished_at)"
          + " SELECT t, x, r, nd, a, f, s, o::jsonb, e::jsonb, sa::timestamptz, fa::timestamptz"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
          + " AS u(t, x, r, nd, a, f, s, o, e, sa, fa)"
          + " ON CONFLICT (tenant, execution_id) DO NOTHING RETURNING tenant, execution_id";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ExecutionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Which of these executions of the tenant are already recorded. */
  Set<String> recordedIds(String tenant, Collection<String> executionIds) {
    if (executionIds.isEmpty()) {
      return Set.of();
    }
    // = ANY(array), not IN (list): one statement text, so one prepared statement, for every size
    return new HashSet<>(
        jdbc.sql("SELECT execution_id FROM executions WHERE tenant = ? AND execution_id = ANY(?)")
            .param(tenant)
            .param(executionIds.toArray(String[]::new))
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
    List<Row> rows = executions.stream().map(this::row).toList();
    Set<List<String>> inserted = new HashSet<>();
    jdbc.sql(INSERT)
        .param(column(rows, Row::tenant))
        .param(column(rows, Row::executionId))
        .param(column(rows, Row::runId))
        .param(column(rows, Row::nodeId))
        .param(rows.stream().map(Row::attempt).toArray(Integer[]::new))
        .param(column(rows, Row::function))
        .param(column(rows, Row::status))
        .param(column(rows, Row::output))
        .param(column(rows, Row::error))
        .param(column(rows, Row::startedAt))
        .param(column(rows, Row::finishedAt))
        .query((RowCallbackHandler) rs -> inserted.add(List.of(rs.getString(1), rs.getString(2))));
    List<FinishedExecution> fresh = new ArrayList<>(inserted.size());
    for (FinishedExecution execution : executions) {
      PendingExecution pending = execution.pending();
      if (inserted.contains(List.of(pending.tenant(), pending.executionId()))) {
        fresh.add(execution);
      }
    }
    return fresh;
  }

  /** An execution as the INSERT takes it: JSON and timestamps as text. */
  private record Row(
      String tenant,
      String executionId,
      String runId,
      String nodeId,
      int attempt,
      String function,
      String status,
      String output,
      String error,
      String startedAt,
      String finishedAt) {}

  private Row row(FinishedExecution execution) {
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
    return new Row(
        execution.pending().tenant(),
        request.executionId(),
        request.runId(),
        request.nodeId(),
        request.attempt(),
        request.function(),
        status,
        output,
        error,
        execution.startedAt().toString(),
        execution.finishedAt().toString());
  }

  private static String[] column(List<Row> rows, Function<Row, String> value) {
    return rows.stream().map(value).toArray(String[]::new);
  }
}
