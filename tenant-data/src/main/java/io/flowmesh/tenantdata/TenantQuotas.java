package io.flowmesh.tenantdata;

import io.flowmesh.model.TenantId;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Checks a tenant's quota of stored things before one more is stored. Two requests of one tenant
 * creating at once must not both pass at the limit, so the check takes a transaction-scoped
 * PostgreSQL advisory lock on the tenant and kind first: concurrent creates of one tenant and kind
 * wait for each other's commit, others do not wait at all.
 */
public final class TenantQuotas {

  private final JdbcTemplate jdbc;
  private final TenantQuotaProperties properties;

  TenantQuotas(JdbcTemplate jdbc, TenantQuotaProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /**
   * Refuses one more of {@code kind} when the tenant already stores as many as its quota allows.
   * Call it in the transaction that stores the new thing.
   *
   * @param kind the quota's name, e.g. {@code workflows}
   * @param noun what the detail calls them, e.g. {@code "workflows"}
   * @param stored how many the tenant stores now, counted after the lock is taken
   * @throws QuotaExceededException when the tenant is at its quota
   */
  public void checkOneMore(TenantId tenant, String kind, String noun, LongSupplier stored) {
    long limit = properties.limitOf(kind, tenant.value());
    if (limit == 0) {
      return;
    }
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("a quota is checked in the transaction that stores");
    }
    jdbc.query(
        "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))",
        rs -> {},
        "flowmesh.quota:" + kind + ":" + tenant.value());
    if (stored.getAsLong() >= limit) {
      throw new QuotaExceededException(kind, noun, limit);
    }
  }
}
