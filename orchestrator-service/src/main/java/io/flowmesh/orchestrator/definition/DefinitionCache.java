package io.flowmesh.orchestrator.definition;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.WorkflowId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed definition versions by tenant, workflow and version, least recently used evicted first. A
 * version never changes and its number is never reused, even after its workflow is deleted, so an
 * entry never goes stale: it can only name a version that is gone.
 */
final class DefinitionCache {

  private static final int SIZE = 1_000;

  private final Map<String, StoredDefinition> entries =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StoredDefinition> eldest) {
              return size() > SIZE;
            }
          });

  StoredDefinition get(TenantId tenant, WorkflowId workflowId, int version) {
    return entries.get(key(tenant, workflowId, version));
  }

  void put(TenantId tenant, StoredDefinition stored) {
    entries.put(key(tenant, stored.workflowId(), stored.version()), stored);
  }

  /** Forgets every version of the workflow. */
  void evict(TenantId tenant, WorkflowId workflowId) {
    String prefix = tenant + "\u0000" + workflowId + "\u0000";
    synchronized (entries) {
      entries.keySet().removeIf(key -> key.startsWith(prefix));
    }
  }

  private static String key(TenantId tenant, WorkflowId workflowId, int version) {
    return tenant + "\u0000" + workflowId + "\u0000" + version;
  }
}
