package io.flowmesh.orchestrator.run.live;

import io.flowmesh.model.TenantId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands each run status change to the open streams of the run's tenant, and to no other tenant's.
 * Holds no history: a stream sees the changes from the moment it subscribed, and a client that
 * reconnects reads the list again (docs/console.md).
 */
@Component
public class RunStatusHub {

  private static final Logger log = LoggerFactory.getLogger(RunStatusHub.class);

  private final Map<TenantId, Set<Consumer<RunStatusChange>>> subscribers =
      new ConcurrentHashMap<>();

  /**
   * Subscribes to a tenant's changes.
   *
   * @param listener called on a Kafka consumer thread; it must not block for long
   * @return closes the subscription
   */
  public Subscription subscribe(TenantId tenant, Consumer<RunStatusChange> listener) {
    subscribers.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(listener);
    return () ->
        subscribers.computeIfPresent(
            tenant,
            (t, listeners) -> {
              listeners.remove(listener);
              return listeners.isEmpty() ? null : listeners;
            });
  }

  /** Gives the change to every subscriber of the tenant; one that throws does not stop others. */
  public void publish(TenantId tenant, RunStatusChange change) {
    for (Consumer<RunStatusChange> listener : subscribers.getOrDefault(tenant, Set.of())) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        log.debug("A run status subscriber failed; its stream closes itself", e);
      }
    }
  }

  /** An open subscription; closing it twice does no harm. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Whether any stream is open: with none, the listener skips reading the events' data. */
  public boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }
}
