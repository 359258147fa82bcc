package io.flowmesh.events.declared;

import io.flowmesh.model.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The latest applied declaration of each workflow, and why it could not be applied, if so. */
@Repository
class WorkflowDeclarations {

  private final JdbcClient jdbc;

  WorkflowDeclarations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The version last applied for the workflow, locked until commit. */
  Optional<Integer> lockVersion(TenantId tenant, String workflowId) {
    return jdbc.sql(
            "SELECT version FROM workflow_declarations"
                + " WHERE tenant = :tenant AND workflow_id = :workflowId FOR UPDATE")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId)
        .query(Integer.class)
        .optional();
  }

  void applied(
      TenantId tenant, String workflowId, int version, String triggerType, String problem) {
    jdbc.sql(
            """
            INSERT INTO workflow_declarations
              (tenant, workflow_id, version, trigger_type, problem, applied_at)
            VALUES (:tenant, :workflowId, :version, :type, :problem, :at)
            ON CONFLICT (tenant, workflow_id) DO UPDATE SET version = EXCLUDED.version,
              trigger_type = EXCLUDED.trigger_type, problem = EXCLUDED.problem,
              applied_at = EXCLUDED.applied_at
            """)
        .param("tenant", tenant.value())
        .param("workflowId", workflowId)
        .param("version", version)
        .param("type", triggerType)
        .param("problem", problem)
        .param("at", Timestamp.from(Instant.now()))
        .update();
  }

  void forget(TenantId tenant, String workflowId) {
    jdbc.sql(
            "DELETE FROM workflow_declarations WHERE tenant = :tenant AND workflow_id = :workflowId")
        .param("tenant", tenant.value())
        .param("workflowId", workflowId)
        .update();
  }
}
