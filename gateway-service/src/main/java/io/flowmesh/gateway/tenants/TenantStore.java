package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.jdbc.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

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

  /** Whether the tenant is suspended or deleted; a tenant the table does not know is not. */
  boolean isSuspended(String id) {
    return jdbc.sql("SELECT status <> 'ACTIVE' FROM tenants WHERE id = :id")
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

  /**
   * Deletes the gateway's own data of the tenant (its keys with their secrets, its audit entries,
   * its rate-limit buckets) and leaves the tenant as a deleted tombstone, in one transaction.
   */
  @Transactional
  void deleteData(String id, Instant at) {
    jdbc.sql(
            "DELETE FROM api_key_secrets WHERE key_id IN"
                + " (SELECT id FROM api_keys WHERE tenant_id = :id)")
        .param("id", id)
        .update();
    jdbc.sql("DELETE FROM api_keys WHERE tenant_id = :id").param("id", id).update();
    jdbc.sql("DELETE FROM audit_log WHERE tenant_id = :id").param("id", id).update();
    // bucket ids are "tenant:<tenant>@<version>" and "key:<tenant>:<key>@<version>"
    jdbc.sql(
            "DELETE FROM rate_limit_buckets WHERE starts_with(id, 'tenant:' || :id || '@')"
                + " OR starts_with(id, 'key:' || :id || ':')")
        .param("id", id)
        .update();
    jdbc.sql("UPDATE tenants SET status = 'DELETED', deleted_at = :at WHERE id = :id")
        .param("id", id)
        .param("at", Timestamps.of(at))
        .update();
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
