package io.flowmesh.gateway.keys;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers when each key was last used and writes those times in one batch per {@link
 * ApiKeyProperties#lastUsedFlushInterval()}: a request costs a map update, not a database write.
 * "Last used" is therefore at most one interval (plus the replicas' spread) old; a crash loses at
 * most one interval of it, which is acceptable for a hint.
 */
@Component
class LastUsedRecorder implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

  private final ApiKeyStore store;
  private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

  LastUsedRecorder(ApiKeyStore store) {
    this.store = store;
  }

  void used(String keyId, Instant at) {
    pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Scheduled(
      fixedDelayString = "${flowmesh.gateway.api-keys.last-used-flush-interval:60s}",
      initialDelayString = "${flowmesh.gateway.api-keys.last-used-flush-interval:60s}")
  void flush() {
    Map<String, Instant> batch = new HashMap<>();
    for (String keyId : pending.keySet()) {
      Instant at = pending.remove(keyId);
      if (at != null) {
        batch.put(keyId, at);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.touch(batch);
    } catch (RuntimeException e) {
      // Put them back: the next flush tries again (newer times win).
      batch.forEach(this::used);
      log.warn("Could not record when {} API keys were last used: {}", batch.size(), e.toString());
    }
  }

  /** Writes what is pending when the gateway stops. */
  @Override
  public void destroy() {
    flush();
  }
}
