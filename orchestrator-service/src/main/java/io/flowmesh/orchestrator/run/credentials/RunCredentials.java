package io.flowmesh.orchestrator.run.credentials;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.web.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A run's own credentials (ADR 0023) from the orchestrator's side: they are stored in
 * integration-service under the run's id before the run is inserted, the run's row is marked as
 * having them in the same transaction that inserts it, and a purge deletes them before it deletes
 * the run. The orchestrator never holds them longer than the store call.
 */
@Component
public class RunCredentials {

  private static final Logger log = LoggerFactory.getLogger(RunCredentials.class);

  private final IntegrationServiceClient integrationService;
  private final JdbcClient jdbc;

  RunCredentials(IntegrationServiceClient integrationService, JdbcClient jdbc) {
    this.integrationService = integrationService;
    this.jdbc = jdbc;
  }

  /**
   * Stores the credentials of a run about to be started under this id. Nothing is left behind when
   * it fails.
   *
   * @throws InvalidRequestException if integration-service refuses them
   * @throws RunCredentialsUnavailableException if integration-service cannot store them
   */
  public void store(TenantId tenant, RunId runId, Map<String, Object> integrations) {
    try {
      integrationService.store(tenant, runId, integrations);
    } catch (RunCredentialsUnavailableException e) {
      // A timeout may have stored them after all.
      discard(tenant, runId);
      throw e;
    }
  }

  /**
   * Deletes the credentials stored for a run that was not started after all (its start failed, or
   * an idempotent start answered with an earlier run). Best effort: if integration-service cannot
   * be reached, they expire there after its retention.
   */
  public void discard(TenantId tenant, RunId runId) {
    try {
      integrationService.delete(tenant, runId);
    } catch (RunCredentialsUnavailableException e) {
      log.warn(
          "Credentials stored for run {} of tenant {}, which was not started, stay until they"
              + " expire: {}",
          runId,
          tenant,
          e.getMessage());
    }
  }

  /** Records, in the caller's transaction, that the run being inserted has stored credentials. */
  public void markStored(TenantId tenant, RunId runId) {
    jdbc.sql("INSERT INTO run_credential_sets (tenant, run_id) VALUES (:tenant, :runId)")
        .param("tenant", tenant.value())
        .param("runId", runId.value())
        .update();
  }

  /**
   * Deletes the credentials of runs being purged, in the caller's transaction: the runs' marks go
   * with it, and integration-service deletes the sets of the runs that had one before this returns.
   * Runs without credentials need no call.
   *
   * @throws RunCredentialsUnavailableException if integration-service cannot delete them; the
   *     caller's transaction must then roll back, so that the runs stay and the purge can be
   *     retried
   */
  public void deleteWith(TenantId tenant, List<RunId> runIds) {
    if (runIds.isEmpty()) {
      return;
    }
    List<RunId> withCredentials =
        jdbc
            .sql(
                "DELETE FROM run_credential_sets WHERE tenant = :tenant AND run_id IN (:runIds)"
                    + " RETURNING run_id")
            .param("tenant", tenant.value())
            .param("runIds", runIds.stream().map(RunId::value).toList())
            .query(String.class)
            .stream()
            .map(RunId::of)
            .toList();
    if (withCredentials.size() == 1) {
      integrationService.delete(tenant, withCredentials.getFirst());
    } else if (!withCredentials.isEmpty()) {
      integrationService.delete(tenant, withCredentials);
    }
  }
}
