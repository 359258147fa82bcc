package io.flowmesh.gateway.tenants;

import java.time.Instant;

/**
 * A tenant the gateway knows. Keys of a suspended tenant are refused at the gateway; its data
 * stays.
 *
 * @param id the id every service files the tenant's data under
 * @param name a name for people
 * @param status whether its keys are accepted
 * @param createdAt when it was created
 * @param suspendedAt when it was last suspended; null while active
 */
record Tenant(String id, String name, Status status, Instant createdAt, Instant suspendedAt) {

  enum Status {
    ACTIVE,
    SUSPENDED,
    /** Its data is deleted in every service; the id is never used again. */
    DELETED
  }

  /** Whether its keys are refused: suspended, or deleted. */
  boolean isSuspended() {
    return status != Status.ACTIVE;
  }
}
