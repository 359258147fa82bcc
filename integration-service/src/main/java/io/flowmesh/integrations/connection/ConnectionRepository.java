package io.flowmesh.integrations.connection;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.Repository;

/**
 * A tenant's connections in PostgreSQL through Spring Data JDBC (ADR 0031). Every query names the
 * tenant, so another tenant's id reads as absent (a 404). {@link #save} inserts a connection of
 * version 0 and otherwise updates it fenced by the version it was read with.
 */
public interface ConnectionRepository extends Repository<ConnectionRow, String> {

  /**
   * Inserts a new connection or updates one if its version is still the stored one.
   *
   * @throws org.springframework.dao.DuplicateKeyException if the tenant has a connection of that
   *     name
   * @throws org.springframework.dao.OptimisticLockingFailureException if it changed since it was
   *     read
   */
  ConnectionRow save(ConnectionRow connection);

  Optional<ConnectionRow> findByTenantAndId(TenantId tenant, String id);

  /** The connection locked for an update in the current transaction. */
  @Lock(LockMode.PESSIMISTIC_WRITE)
  Optional<ConnectionRow> findForUpdateByTenantAndId(TenantId tenant, String id);

  List<ConnectionRow> findByTenantAndIdGreaterThanOrderById(
      TenantId tenant, String after, Limit limit);

  List<ConnectionRow> findByTenantAndTypeAndIdGreaterThanOrderById(
      TenantId tenant, String type, String after, Limit limit);

  /** A page in id order, which is creation order: ids are UUIDv7-based. */
  default List<ConnectionRow> list(TenantId tenant, String type, PageRequest page) {
    Limit limit = Limit.of(page.fetchSize());
    return type == null
        ? findByTenantAndIdGreaterThanOrderById(tenant, page.after(), limit)
        : findByTenantAndTypeAndIdGreaterThanOrderById(tenant, type, page.after(), limit);
  }

  /** A changed connection is checked again at once, not at its next scheduled time. */
  @Modifying
  @Query("UPDATE connections SET next_check_at = updated_at WHERE tenant = :tenant AND id = :id")
  void makeHealthCheckDue(TenantId tenant, String id);

  @Modifying
  @Query("DELETE FROM connections WHERE tenant = :tenant AND id = :id")
  boolean delete(TenantId tenant, String id);
}
