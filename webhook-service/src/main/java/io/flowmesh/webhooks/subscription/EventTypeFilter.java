package io.flowmesh.webhooks.subscription;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A subscription's event type filters. Each entry is an exact CloudEvents {@code type} or a pattern
 * with {@code *} wildcards.
 *
 * <p>Semantics: {@code *} matches any sequence of characters, including dots and the empty
 * sequence; every other character matches itself, case-sensitively (CloudEvents types are
 * case-sensitive). So {@code io.flowmesh.run.*} matches {@code io.flowmesh.run.started.v1} and
 * {@code io.flowmesh.run.node.completed.v1}; {@code io.flowmesh.*.completed.v1} matches both {@code
 * io.flowmesh.run.completed.v1} and {@code io.flowmesh.run.node.completed.v1}; a lone {@code *}
 * matches every type. Matching is not segment-wise on purpose: run-scoped types nest ({@code
 * io.flowmesh.run.node.*}) and a filter on a prefix must see all of them.
 */
public final class EventTypeFilter {

  /** Longest accepted entry. */
  static final int MAX_LENGTH = 200;

  /** Most entries per subscription. */
  static final int MAX_ENTRIES = 50;

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:/\\-*]+");

  private final List<String> patterns;

  private EventTypeFilter(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** A filter from entries already validated with {@link #problem(String)}. */
  public static EventTypeFilter of(List<String> patterns) {
    return new EventTypeFilter(patterns);
  }

  public List<String> patterns() {
    return patterns;
  }

  /** Whether any entry matches the type. */
  public boolean matches(String type) {
    if (type == null) {
      return false;
    }
    for (String pattern : patterns) {
      if (matches(pattern, type)) {
        return true;
      }
    }
    return false;
  }

  /** What is wrong with one entry, or empty if it is a valid type or pattern. */
  static Optional<String> problem(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return Optional.of("must not be blank");
    }
    if (pattern.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    if (!ALLOWED.matcher(pattern).matches()) {
      return Optional.of(
          "may contain only letters, digits, '.', '_', ':', '/', '-' and the wildcard '*'");
    }
    return Optional.empty();
  }

  /**
   * Glob match with {@code *} only; linear backtracking to the last star, so a hostile pattern
   * cannot make it exponential.
   */
  static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
