package io.flowmesh.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of the IETF draft "RateLimit header
 * fields for HTTP" (draft-ietf-httpapi-ratelimit-headers), one item per policy: {@code
 * RateLimit-Policy: "key";q=10;w=1, "tenant";q=100;w=1} and {@code RateLimit: "key";r=9;t=1,
 * "tenant";r=97;t=1}.
 */
final class RateLimitHeaders {

  static final String POLICY = "RateLimit-Policy";
  static final String CURRENT = "RateLimit";

  private RateLimitHeaders() {}

  static HttpHeaders of(List<SharedRateLimiter.PolicyState> states) {
    HttpHeaders headers = new HttpHeaders();
    if (states.isEmpty()) {
      return headers;
    }
    headers.set(
        POLICY,
        states.stream()
            .map(s -> "\"" + s.name() + "\";q=" + s.quota() + ";w=" + seconds(s.window()))
            .collect(Collectors.joining(", ")));
    headers.set(
        CURRENT,
        states.stream()
            .map(s -> "\"" + s.name() + "\";r=" + s.remaining() + ";t=" + seconds(s.reset()))
            .collect(Collectors.joining(", ")));
    return headers;
  }

  /** Whole seconds, rounded up (RFC 9110 section 10.2.3): a client that waits them succeeds. */
  static long seconds(Duration duration) {
    return Math.max(0, (duration.toMillis() + 999) / 1000);
  }
}
