package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.jdbc.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code tenants} table. Blocking: callers run it on {@code Blocking}. */
@Repository
class TenantStore {

  private final JdbcClient jdbc;

  TenantStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @return false if a tenant with this id exists already
   */
  boolean insert(Tenant tenant) {
    return jdbc.sql(
                """
                INSERT INTO tenants (id, name, status, created_at)
                VALUES (:id, :name, :status, :createdAt)
                ON CONFLICT (id) DO NOTHING
                """)
            .param("id", tenant.id())
            .param("name", tenant.name())
            .param("status", tenant.status().name())
            .param("createdAt", Timestamps.of(tenant.createdAt()))
            .update()
        == 1;
  }

  Optional<Tenant> find(String id) {
    return jdbc.sql("SELECT * FROM tenants WHERE id = :id")
        .param("id", id)
        .query(TenantStore::map)
        .optional();
  }

  /** Tenants by id, after {@code afterId} if given. */
  List<Tenant> list(String afterId, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM tenants WHERE (CAST(:after AS text) IS NULL OR id > :after)
            ORDER BY id LIMIT :limit
            """)
        .param("after", afterId)
        .param("limit", limit)
        .query(TenantStore::map)
        .list();
  }

  /** Whether the tenant is suspended; a tenant the table does not know is not. */
  boolean isSuspended(String id) {
    return jdbc.sql("SELECT status = 'SUSPENDED' FROM tenants WHERE id = :id")
        .param("id", id)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  Optional<Tenant> setStatus(String id, Tenant.Status status, Instant at) {
    return jdbc.sql(
            """
            UPDATE tenants
               SET status = :status,
                   suspended_at = CASE WHEN :status = 'SUSPENDED' THEN :at ELSE NULL END
             WHERE id = :id
            RETURNING *
            """)
        .param("id", id)
        .param("status", status.name())
        .param("at", Timestamps.of(at))
        .query(TenantStore::map)
        .optional();
  }

  private static Tenant map(ResultSet rs, int row) throws SQLException {
    return new Tenant(
        rs.getString("id"),
        rs.getString("name"),
        Tenant.Status.valueOf(rs.getString("status")),
        Timestamps.read(rs, "created_at"),
        Timestamps.read(rs, "suspended_at"));
  }
}
