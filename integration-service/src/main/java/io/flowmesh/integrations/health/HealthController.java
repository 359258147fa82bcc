package io.flowmesh.integrations.health;

import io.flowmesh.integrations.connection.ConnectionNotFoundException;
import io.flowmesh.integrations.connection.ConnectionRepository;
import io.flowmesh.integrations.connection.ConnectionRow;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A connection's health: on-demand checks and the recent history. */
@RestController
@RequestMapping("/api/v1/connections/{id}")
@Tag(name = "Connections")
class HealthController {

  private final HealthService health;
  private final ConnectionRepository connections;
  private final JdbcClient jdbc;

  HealthController(HealthService health, ConnectionRepository connections, JdbcClient jdbc) {
    this.health = health;
    this.connections = connections;
    this.jdbc = jdbc;
  }

  /**
   * The connection's current status and its recent checks, newest first.
   *
   * @param status UNKNOWN, HEALTHY or UNHEALTHY
   * @param checkedAt when the last check ran
   * @param checks recent checks
   */
  record Health(String status, Instant checkedAt, List<HealthCheckView> checks) {}

  @PostMapping("/health-check")
  @Operation(summary = "Check the connection's health now")
  HealthCheckView check(Tenant tenant, @PathVariable String id) {
    return health.checkNow(tenant.id(), id);
  }

  @GetMapping("/health")
  @Operation(summary = "The connection's health and its recent checks, newest first")
  Health get(Tenant tenant, @PathVariable String id) {
    ConnectionRow row =
        connections
            .findByTenantAndId(TenantId.of(tenant.id()), id)
            .orElseThrow(() -> new ConnectionNotFoundException(id));
    List<HealthCheckView> checks =
        jdbc.sql(
                "SELECT checked_at, healthy, detail, latency_ms FROM connection_health_checks"
                    + " WHERE tenant = :tenant AND connection_id = :id"
                    + " ORDER BY checked_at DESC, id DESC LIMIT 50")
            .param("tenant", tenant.id())
            .param("id", id)
            .query(
                (rs, n) ->
                    new HealthCheckView(
                        rs.getTimestamp("checked_at").toInstant(),
                        rs.getBoolean("healthy") ? "HEALTHY" : "UNHEALTHY",
                        rs.getString("detail"),
                        rs.getLong("latency_ms")))
            .list();
    return new Health(row.healthStatus(), row.healthCheckedAt(), checks);
  }
}
