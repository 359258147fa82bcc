package io.flowmesh.orchestrator.run.operations;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.RunNotFoundException;
import io.flowmesh.orchestrator.run.RunOperation;
import io.flowmesh.orchestrator.run.RunStateConflictException;
import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.orchestrator.run.credentials.RunCredentials;
import io.flowmesh.orchestrator.run.credentials.RunCredentialsUnavailableException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes finished runs with their history: one by id, or by age in batches of at most {@link
 * RunOperationsProperties#purgeLimit()}. A run that has not finished is never deleted; the rows are
 * locked first, so a run cannot change state while it is being deleted.
 *
 * <p>Runs started with credentials of their own have them deleted in integration-service inside the
 * purge's transaction, before the rows go: if that fails, the purge fails and the runs stay, so a
 * purge that succeeded never leaves a secret behind (ADR 0023).
 */
@Service
public class RunPurge {

  private final JdbcClient jdbc;
  private final RunOperationsProperties properties;
  private final RunCredentials credentials;

  RunPurge(JdbcClient jdbc, RunOperationsProperties properties, RunCredentials credentials) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.credentials = credentials;
  }

  /**
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run has not finished
   * @throws RunCredentialsUnavailableException if the run's credentials cannot be deleted; the run
   *     stays
   */
  @Transactional
  public void purge(TenantId tenant, RunId runId) {
    String status =
        jdbc.sql("SELECT status FROM runs WHERE tenant = :tenant AND id = :id FOR UPDATE")
            .param("tenant", tenant.value())
            .param("id", runId.value())
            .query(String.class)
            .optional()
            .orElseThrow(() -> new RunNotFoundException(runId));
    if (!RunStatus.valueOf(status).allows(RunOperation.PURGE)) {
      throw new RunStateConflictException(
          "Run '"
              + runId
              + "' is "
              + status
              + "; only a finished run (COMPLETED, FAILED or CANCELLED) can be purged; cancel it"
              + " first");
    }
    delete(tenant, List.of(runId));
  }

  /**
   * Deletes finished runs that finished before the instant, oldest first.
   *
   * @param workflowId only runs of this workflow, if not null
   * @throws RunCredentialsUnavailableException if the credentials of some of the runs cannot be
   *     deleted; none of the runs is deleted
   */
  @Transactional
  public BulkResult purgeFinishedBefore(
      TenantId tenant, Instant finishedBefore, String workflowId) {
    int limit = properties.purgeLimit();
    JdbcClient.StatementSpec select =
        jdbc.sql(
                "SELECT id FROM runs WHERE tenant = :tenant AND completed_at < :before"
                    + " AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')"
                    + (workflowId == null ? "" : " AND workflow_id = :workflowId")
                    + " ORDER BY completed_at LIMIT :limit FOR UPDATE SKIP LOCKED")
            .param("tenant", tenant.value())
            .param("before", Timestamp.from(finishedBefore))
            .param("limit", limit + 1);
    if (workflowId != null) {
      select = select.param("workflowId", workflowId);
    }
    List<RunId> ids = select.query(String.class).list().stream().map(RunId::of).toList();
    List<RunId> doomed = ids.subList(0, Math.min(limit, ids.size()));
    delete(tenant, doomed);
    return new BulkResult(doomed.size(), 0, ids.size() > limit);
  }

  private void delete(TenantId tenant, List<RunId> runIds) {
    if (runIds.isEmpty()) {
      return;
    }
    credentials.deleteWith(tenant, runIds);
    List<String> ids = runIds.stream().map(RunId::value).toList();
    // Rows that refer to node executions go before them; timers have no foreign key but would
    // only be discarded later.
    for (String table :
        List.of(
            "for_each_items",
            "manual_tasks",
            "timers",
            "run_held_outcomes",
            "event_waits",
            "correlated_events",
            "node_executions")) {
      jdbc.sql("DELETE FROM " + table + " WHERE tenant = :tenant AND run_id IN (:ids)")
          .param("tenant", tenant.value())
          .param("ids", ids)
          .update();
    }
    // A purged run's links to its parent and to its children; the other runs stay.
    jdbc.sql(
            "DELETE FROM sub_runs WHERE tenant = :tenant"
                + " AND (child_run_id IN (:ids) OR parent_run_id IN (:ids))")
        .param("tenant", tenant.value())
        .param("ids", ids)
        .update();
    jdbc.sql("DELETE FROM runs WHERE tenant = :tenant AND id IN (:ids)")
        .param("tenant", tenant.value())
        .param("ids", ids)
        .update();
  }
}
