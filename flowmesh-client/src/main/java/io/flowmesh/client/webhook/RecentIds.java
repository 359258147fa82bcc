package io.flowmesh.client.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last {@code capacity} ids added, the oldest forgotten first; thread-safe. */
final class RecentIds {

  private final Map<String, Boolean> ids;

  RecentIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.ids =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized boolean contains(String id) {
    return ids.containsKey(id);
  }

  synchronized void add(String id) {
    ids.put(id, Boolean.TRUE);
  }
}
