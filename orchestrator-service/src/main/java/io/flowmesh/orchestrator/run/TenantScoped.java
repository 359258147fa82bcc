package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import java.util.Collection;

/** An id of a row that belongs to a tenant (a run or a node execution), as a map key. */
record TenantScoped(TenantId tenant, String id) {

  static String[] tenants(Collection<TenantScoped> keys) {
    return keys.stream().map(key -> key.tenant().value()).toArray(String[]::new);
  }

  static String[] ids(Collection<TenantScoped> keys) {
    return keys.stream().map(TenantScoped::id).toArray(String[]::new);
  }
}
