package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.auth.BootstrapKeyProperties;
import io.flowmesh.gateway.paging.PageRequest;
import io.flowmesh.gateway.problem.ApiProblems;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Creates, suspends and resumes tenants. The platform tenant (the bootstrap key's) is created on
 * start and can never be suspended: its keys are how a suspension is undone. Blocking.
 */
@Service
class TenantService {

  private static final int MAX_NAME_LENGTH = 200;

  private final TenantStore store;
  private final TenantStatusCache status;
  private final String platformTenant;
  private final Clock clock;

  TenantService(
      TenantStore store, TenantStatusCache status, BootstrapKeyProperties bootstrap, Clock clock) {
    this.store = store;
    this.status = status;
    this.platformTenant = bootstrap.tenant();
    this.clock = clock;
  }

  /** One page of tenants by id; {@code nextCursor} null on the last page. */
  record Page(List<Tenant> items, String nextCursor) {}

  @EventListener(ApplicationReadyEvent.class)
  void createPlatformTenant() {
    if (platformTenant != null && !platformTenant.isBlank()) {
      store.insert(
          new Tenant(platformTenant, platformTenant, Tenant.Status.ACTIVE, clock.instant(), null));
    }
  }

  Tenant create(String id, String name) {
    if (!TenantIds.isValid(id)) {
      throw ApiProblems.invalid(
          "id",
          "must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    String displayName = name == null || name.isBlank() ? id : name.strip();
    if (displayName.length() > MAX_NAME_LENGTH
        || displayName.chars().anyMatch(Character::isISOControl)) {
      throw ApiProblems.invalid(
          "name", "must be at most " + MAX_NAME_LENGTH + " characters without control characters");
    }
    Tenant tenant = new Tenant(id, displayName, Tenant.Status.ACTIVE, clock.instant(), null);
    if (!store.insert(tenant)) {
      throw ApiProblems.conflict("A tenant with the id '" + id + "' exists already.");
    }
    return tenant;
  }

  Tenant get(String id) {
    return store.find(id).orElseThrow(() -> ApiProblems.notFound("tenant " + id));
  }

  Page list(PageRequest page) {
    List<Tenant> tenants = store.list(page.after(), page.limit() + 1);
    if (tenants.size() <= page.limit()) {
      return new Page(tenants, null);
    }
    List<Tenant> items = tenants.subList(0, page.limit());
    return new Page(items, PageRequest.cursorAfter(items.getLast().id()));
  }

  /** Refuses every key of the tenant within the status cache's TTL on every replica. */
  Tenant suspend(String id) {
    if (id.equals(platformTenant)) {
      throw ApiProblems.conflict(
          "The platform tenant cannot be suspended: its keys are the ones that resume others.");
    }
    Tenant current = get(id);
    if (current.status() == Tenant.Status.DELETED) {
      return current;
    }
    return setStatus(id, Tenant.Status.SUSPENDED);
  }

  Tenant resume(String id) {
    if (get(id).status() == Tenant.Status.DELETED) {
      throw ApiProblems.conflict("The tenant '" + id + "' is deleted; it cannot be resumed.");
    }
    return setStatus(id, Tenant.Status.ACTIVE);
  }

  private Tenant setStatus(String id, Tenant.Status newStatus) {
    Tenant current = get(id);
    if (current.status() == newStatus) {
      return current;
    }
    Instant now = clock.instant();
    Tenant changed =
        store.setStatus(id, newStatus, now).orElseThrow(() -> ApiProblems.notFound("tenant " + id));
    status.forget(id);
    return changed;
  }
}
