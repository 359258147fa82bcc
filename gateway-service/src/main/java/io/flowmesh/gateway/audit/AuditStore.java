package io.flowmesh.gateway.audit;

import io.flowmesh.gateway.jdbc.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_log} table. Blocking. */
@Repository
class AuditStore {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  AuditStore(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  void insert(List<AuditEntry> entries) {
    batch.batchUpdate(
        """
        INSERT INTO audit_log
            (tenant_id, key_id, method, path, route, status, request_id, occurred_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        entries.stream()
            .map(
                e ->
                    new Object[] {
                      e.tenant(),
                      e.keyId(),
                      e.method(),
                      e.path(),
                      e.route(),
                      e.status(),
                      e.requestId(),
                      Timestamps.of(e.occurredAt())
                    })
            .toList());
  }

  /**
   * A tenant's entries, newest first.
   *
   * @param query the filters; null fields do not filter
   */
  List<AuditEntry> find(String tenant, AuditQuery query, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM audit_log
             WHERE tenant_id = :tenant
               AND (CAST(:before AS bigint) IS NULL OR id < :before)
               AND (CAST(:from AS timestamptz) IS NULL OR occurred_at >= :from)
               AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < :to)
               AND (CAST(:keyId AS text) IS NULL OR key_id = :keyId)
               AND (CAST(:outcome AS text) IS NULL
                    OR (:outcome = 'success' AND status < 400)
                    OR (:outcome = 'failure' AND status >= 400))
             ORDER BY id DESC
             LIMIT :limit
            """)
        .param("tenant", tenant)
        .param("before", query.beforeId())
        .param("from", Timestamps.of(query.from()))
        .param("to", Timestamps.of(query.to()))
        .param("keyId", query.keyId())
        .param("outcome", query.outcome() == null ? null : query.outcome().wireName())
        .param("limit", limit)
        .query(
            (rs, row) ->
                new AuditEntry(
                    rs.getLong("id"),
                    rs.getString("tenant_id"),
                    rs.getString("key_id"),
                    rs.getString("method"),
                    rs.getString("path"),
                    rs.getString("route"),
                    rs.getInt("status"),
                    rs.getString("request_id"),
                    Timestamps.read(rs, "occurred_at")))
        .list();
  }

  /**
   * Deletes up to {@code limit} entries older than {@code cutoff}, in small batches so the purge
   * never holds long locks or one huge transaction.
   *
   * @return how many were deleted
   */
  int purgeOlderThan(Instant cutoff, int limit) {
    return jdbc.sql(
            """
            DELETE FROM audit_log WHERE id IN (
                SELECT id FROM audit_log WHERE occurred_at < :cutoff LIMIT :limit)
            """)
        .param("cutoff", Timestamps.of(cutoff))
        .param("limit", limit)
        .update();
  }
}
