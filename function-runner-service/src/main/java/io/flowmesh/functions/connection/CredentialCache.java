package io.flowmesh.functions.connection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers of integration-service, each kept until the {@code cacheUntil} it came with less {@code
 * cache-margin}, and never longer than {@code max-cache-time}. Bounded: past its limit it starts
 * afresh rather than grow with the number of connections and runs.
 *
 * @param <V> what an answer holds
 */
final class CredentialCache<V> {

  private static final int LIMIT = 10_000;

  private final ConnectionProperties properties;
  private final Clock clock;
  private final Map<List<String>, Cached<V>> entries = new ConcurrentHashMap<>();

  CredentialCache(ConnectionProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /** The cached answer for {@code key}, or the one {@code fetch} gets, cached as it says. */
  V get(List<String> key, Supplier<Fetched<V>> fetch) {
    Instant now = clock.instant();
    Cached<V> cached = entries.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.value();
    }
    Fetched<V> fetched = fetch.get();
    Instant until = fetched.cacheUntil().minus(properties.cacheMargin());
    Instant latest = now.plus(properties.maxCacheTime());
    if (until.isAfter(latest)) {
      until = latest;
    }
    if (until.isAfter(now)) {
      if (entries.size() >= LIMIT) {
        entries.clear();
      }
      entries.put(key, new Cached<>(fetched.value(), until));
    } else {
      entries.remove(key);
    }
    return fetched.value();
  }

  /**
   * An answer and how long integration-service says it stays true.
   *
   * @param value the answer
   * @param cacheUntil until when it may be used
   */
  record Fetched<V>(V value, Instant cacheUntil) {}

  private record Cached<V>(V value, Instant until) {}
}
