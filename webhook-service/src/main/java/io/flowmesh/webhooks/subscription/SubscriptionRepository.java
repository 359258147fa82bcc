package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Subscriptions in PostgreSQL through Spring Data JDBC (ADR 0031). Every query names the tenant, so
 * another tenant's id reads as absent (a 404). {@link #save} inserts a subscription of version 0
 * and otherwise updates it fenced by the version it was read with; the service reads it by tenant
 * first.
 */
interface SubscriptionRepository extends Repository<Subscription, SubscriptionId> {

  /**
   * Inserts a new subscription or updates one if its version is still the stored one.
   *
   * @throws org.springframework.dao.OptimisticLockingFailureException if it changed since it was
   *     read
   * @throws org.springframework.dao.DuplicateKeyException if its idempotency key is taken
   */
  Subscription save(Subscription subscription);

  Optional<Subscription> findByTenantAndId(TenantId tenant, SubscriptionId id);

  long countByTenant(TenantId tenant);

  Optional<Subscription> findByTenantAndIdempotencyKey(TenantId tenant, String idempotencyKey);

  List<Subscription> findByTenantOrderById(TenantId tenant, Limit limit);

  List<Subscription> findByTenantAndIdGreaterThanOrderById(
      TenantId tenant, SubscriptionId after, Limit limit);

  @Modifying
  @Query("DELETE FROM subscriptions WHERE tenant = :tenant AND id = :id")
  boolean delete(TenantId tenant, SubscriptionId id);

  @Modifying
  @Query(
      """
      UPDATE subscriptions SET state = 'DISABLED', disabled_reason = :reason,
          version = version + 1, updated_at = now()
      WHERE tenant = :tenant AND id = :id AND state = 'ACTIVE'
      """)
  boolean disable(TenantId tenant, SubscriptionId id, String reason);

  /** Enables a disabled subscription and forgets its failure history. */
  @Modifying
  @Query(
      """
      UPDATE subscriptions SET state = 'ACTIVE', disabled_reason = NULL, failing_since = NULL,
          version = version + 1, updated_at = now()
      WHERE tenant = :tenant AND id = :id AND state = 'DISABLED'
      """)
  boolean enable(TenantId tenant, SubscriptionId id);

  /** The new secret signs from now on; the current one also signs until {@code overlapUntil}. */
  @Modifying
  @Query(
      """
      UPDATE subscriptions SET previous_secret = secret, previous_secret_expires_at = :overlapUntil,
          secret = :newSecret, version = version + 1, updated_at = now()
      WHERE tenant = :tenant AND id = :id
      """)
  boolean rotate(TenantId tenant, SubscriptionId id, String newSecret, Instant overlapUntil);
}
