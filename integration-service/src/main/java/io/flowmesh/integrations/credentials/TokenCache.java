package io.flowmesh.integrations.credentials;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * OAuth2 access tokens per connection version, in memory, until shortly before they expire. The
 * version is part of the key, so changing a connection's settings or secret fetches a new token.
 * Concurrent resolutions of one connection fetch once; other connections do not wait.
 */
@Component
class TokenCache {

  private final ConcurrentHashMap<String, AccessToken> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
  private final Clock clock;

  TokenCache() {
    this(Clock.systemUTC());
  }

  TokenCache(Clock clock) {
    this.clock = clock;
  }

  AccessToken get(String tenant, String connectionId, long version, Supplier<AccessToken> fetch) {
    String key = tenant + "/" + connectionId + "@" + version;
    AccessToken cached = tokens.get(key);
    if (usable(cached)) {
      return cached;
    }
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      cached = tokens.get(key);
      if (usable(cached)) {
        return cached;
      }
      AccessToken fresh = fetch.get();
      // Drop tokens of older versions of the connection along the way.
      String prefix = tenant + "/" + connectionId + "@";
      tokens.keySet().removeIf(k -> k.startsWith(prefix) && !k.equals(key));
      tokens.put(key, fresh);
      return fresh;
    }
  }

  private boolean usable(AccessToken token) {
    return token != null && clock.instant().isBefore(token.usableUntil());
  }
}
