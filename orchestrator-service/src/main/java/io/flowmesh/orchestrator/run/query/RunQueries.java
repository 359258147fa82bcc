package io.flowmesh.orchestrator.run.query;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds a tenant's runs by filter, newest first. The order is the run id's (UUIDv7, so start time,
 * and unique), which makes the cursor a plain keyset position served by the {@code runs} indexes.
 */
@Repository
public class RunQueries {

  private final JdbcClient jdbc;

  RunQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One page of the tenant's runs matching the filter, newest first. */
  @Transactional(readOnly = true)
  public Page<RunSummary> list(TenantId tenant, RunFilter filter, PageRequest page) {
    List<RunSummary> fetched =
        select(tenant, filter, filter.statuses(), page.after(), page.fetchSize());
    return page.page(fetched, RunSummary::runId);
  }

  /**
   * Up to {@code limit} runs matching the filter and in one of the given states, oldest first, for
   * an operation that works through them batch by batch.
   */
  @Transactional(readOnly = true)
  public List<RunId> oldestIds(
      TenantId tenant, RunFilter filter, Set<RunStatus> statuses, int limit) {
    return select(tenant, filter, statuses, "", limit, "ASC").stream()
        .map(summary -> RunId.of(summary.runId()))
        .toList();
  }

  private List<RunSummary> select(
      TenantId tenant, RunFilter filter, Set<RunStatus> statuses, String after, int limit) {
    return select(tenant, filter, statuses, after, limit, "DESC");
  }

  private List<RunSummary> select(
      TenantId tenant,
      RunFilter filter,
      Set<RunStatus> statuses,
      String after,
      int limit,
      String direction) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT r.id, r.workflow_id, r.workflow_version, r.status, r.business_key,"
                + " r.started_at, r.completed_at, s.parent_run_id FROM runs r"
                + " LEFT JOIN sub_runs s ON s.tenant = r.tenant AND s.child_run_id = r.id"
                + " WHERE r.tenant = :tenant");
    if (filter.workflowId() != null) {
      sql.append(" AND r.workflow_id = :workflowId");
    }
    if (filter.version() != null) {
      sql.append(" AND r.workflow_version = :version");
    }
    if (!statuses.isEmpty()) {
      sql.append(" AND r.status IN (:statuses)");
    }
    if (filter.startedAfter() != null) {
      sql.append(" AND r.started_at > :startedAfter");
    }
    if (filter.startedBefore() != null) {
      sql.append(" AND r.started_at < :startedBefore");
    }
    if (filter.businessKey() != null) {
      sql.append(" AND r.business_key = :businessKey");
    }
    if (filter.parentRunId() != null) {
      sql.append(" AND s.parent_run_id = :parentRunId");
    }
    if (!after.isEmpty()) {
      sql.append("DESC".equals(direction) ? " AND r.id < :after" : " AND r.id > :after");
    }
    sql.append(" ORDER BY r.id ").append(direction).append(" LIMIT :limit");
    JdbcClient.StatementSpec statement =
        jdbc.sql(sql.toString()).param("tenant", tenant.value()).param("limit", limit);
    if (filter.workflowId() != null) {
      statement = statement.param("workflowId", filter.workflowId());
    }
    if (filter.version() != null) {
      statement = statement.param("version", filter.version());
    }
    if (!statuses.isEmpty()) {
      statement = statement.param("statuses", statuses.stream().map(Enum::name).toList());
    }
    if (filter.startedAfter() != null) {
      statement = statement.param("startedAfter", Timestamp.from(filter.startedAfter()));
    }
    if (filter.startedBefore() != null) {
      statement = statement.param("startedBefore", Timestamp.from(filter.startedBefore()));
    }
    if (filter.businessKey() != null) {
      statement = statement.param("businessKey", filter.businessKey());
    }
    if (filter.parentRunId() != null) {
      statement = statement.param("parentRunId", filter.parentRunId());
    }
    if (!after.isEmpty()) {
      statement = statement.param("after", after);
    }
    return statement
        .query(
            (rs, i) ->
                new RunSummary(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getInt(3),
                    RunStatus.valueOf(rs.getString(4)),
                    rs.getString(5),
                    rs.getTimestamp(6).toInstant(),
                    rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
                    rs.getString(8)))
        .list();
  }
}
