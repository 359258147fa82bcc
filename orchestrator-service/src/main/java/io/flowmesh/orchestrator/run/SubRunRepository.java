package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Links between child runs and the sub-workflow node executions that wait for them. */
@Repository
class SubRunRepository {

  private final JdbcClient jdbc;

  SubRunRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(TenantId tenant, Link link) {
    jdbc.sql(
            "INSERT INTO sub_runs (tenant, child_run_id, parent_run_id, parent_node_id,"
                + " parent_execution_id, depth, on_child_failure) VALUES (:tenant, :child,"
                + " :parent, :nodeId, :executionId, :depth, :policy)")
        .param("tenant", tenant.value())
        .param("child", link.childRunId().value())
        .param("parent", link.parentRunId().value())
        .param("nodeId", link.parentNodeId())
        .param("executionId", link.parentExecutionId())
        .param("depth", link.depth())
        .param("policy", link.onChildFailure())
        .update();
  }

  /** The link of a child run; empty for a run that no sub-workflow node started. */
  Optional<Link> ofChild(TenantId tenant, RunId childRunId) {
    return jdbc.sql(
            "SELECT child_run_id, parent_run_id, parent_node_id, parent_execution_id, depth,"
                + " on_child_failure FROM sub_runs WHERE tenant = :tenant AND child_run_id = :id")
        .param("tenant", tenant.value())
        .param("id", childRunId.value())
        .query(
            (rs, i) ->
                new Link(
                    RunId.of(rs.getString(1)),
                    RunId.of(rs.getString(2)),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getInt(5),
                    rs.getString(6)))
        .optional();
  }

  /** How deep the run is: 0 for a run started through the API, its link's depth for a child. */
  int depthOf(TenantId tenant, RunId runId) {
    return ofChild(tenant, runId).map(Link::depth).orElse(0);
  }

  /** The run's children that have not finished, oldest first. */
  List<RunId> unfinishedChildren(TenantId tenant, RunId parentRunId) {
    return jdbc
        .sql(
            "SELECT s.child_run_id FROM sub_runs s JOIN runs r"
                + " ON r.tenant = s.tenant AND r.id = s.child_run_id"
                + " WHERE s.tenant = :tenant AND s.parent_run_id = :parent"
                + " AND r.status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')"
                + " ORDER BY s.child_run_id")
        .param("tenant", tenant.value())
        .param("parent", parentRunId.value())
        .query(String.class)
        .stream()
        .map(RunId::of)
        .toList();
  }

  /** The sub-workflow node executions of the run whose child run has not finished. */
  Set<String> executionsWithUnfinishedChild(TenantId tenant, RunId parentRunId) {
    return new HashSet<>(
        jdbc.sql(
                "SELECT s.parent_execution_id FROM sub_runs s JOIN runs r"
                    + " ON r.tenant = s.tenant AND r.id = s.child_run_id"
                    + " WHERE s.tenant = :tenant AND s.parent_run_id = :parent"
                    + " AND r.status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')")
            .param("tenant", tenant.value())
            .param("parent", parentRunId.value())
            .query(String.class)
            .list());
  }

  /**
   * A child run and who waits for it.
   *
   * @param onChildFailure {@code fail} or {@code continue}
   */
  record Link(
      RunId childRunId,
      RunId parentRunId,
      String parentNodeId,
      String parentExecutionId,
      int depth,
      String onChildFailure) {}
}
