package io.flowmesh.orchestrator.run.live;

import io.flowmesh.model.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands each run status change to the open streams of the run's tenant, and to no other tenant's.
 * Holds no history: a stream sees the changes from the moment it subscribed, and a client that
 * reconnects reads the list again (docs/console.md). Its {@link RunStatusFeed} reads only from the
 * first subscription to the last one's end.
 */
@Component
public class RunStatusHub {

  private static final Logger log = LoggerFactory.getLogger(RunStatusHub.class);

  /** How long a subscription waits for the feed to read from the present. */
  static final Duration FEED_WAIT = Duration.ofSeconds(5);

  private final Map<TenantId, Set<Consumer<RunStatusChange>>> subscribers =
      new ConcurrentHashMap<>();
  private final RunStatusFeed feed;
  private int subscriptions; // guarded by this, with the feed's opening and closing

  public RunStatusHub(RunStatusFeed feed) {
    this.feed = feed;
  }

  /**
   * Subscribes to a tenant's changes; returns once the feed reads from the present (or after {@link
   * #FEED_WAIT}, when the broker is slow to answer: the changes then begin a little later).
   *
   * @param listener called on the feed's thread; it must not block for long
   * @return closes the subscription
   */
  public Subscription subscribe(TenantId tenant, Consumer<RunStatusChange> listener) {
    synchronized (this) {
      subscribers.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(listener);
      if (subscriptions++ == 0) {
        feed.open(this::publish);
      }
    }
    if (!feed.awaitReading(FEED_WAIT)) {
      log.info("The run status feed does not read yet; a new stream's changes begin later");
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        unsubscribe(tenant, listener);
      }
    };
  }

  private synchronized void unsubscribe(TenantId tenant, Consumer<RunStatusChange> listener) {
    subscribers.computeIfPresent(
        tenant,
        (t, listeners) -> {
          listeners.remove(listener);
          return listeners.isEmpty() ? null : listeners;
        });
    if (--subscriptions == 0) {
      feed.close();
    }
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
}
