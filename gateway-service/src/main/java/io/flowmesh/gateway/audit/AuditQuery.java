package io.flowmesh.gateway.audit;

import io.flowmesh.gateway.problem.ApiProblems;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The filters of {@code GET /api/v1/audit}; each may be null.
 *
 * @param from entries at or after this time
 * @param to entries before this time
 * @param keyId entries made with this key
 * @param outcome successes (status below 400) or failures
 * @param beforeId entries older than this one (from the cursor)
 */
record AuditQuery(Instant from, Instant to, String keyId, Outcome outcome, Long beforeId) {

  enum Outcome {
    SUCCESS,
    FAILURE;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Outcome parse(String value) {
      return Arrays.stream(values())
          .filter(o -> o.wireName().equals(value))
          .findFirst()
          .orElseThrow(() -> ApiProblems.invalid("outcome", "must be 'success' or 'failure'"));
    }
  }

  /** Parses the raw parameters: 400 naming the parameter when one is wrong. */
  static AuditQuery parse(String from, String to, String keyId, String outcome, String after) {
    Instant fromTime = time("from", from);
    Instant toTime = time("to", to);
    if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
      throw ApiProblems.invalid("to", "must be after 'from'");
    }
    Long beforeId = null;
    if (after != null) {
      try {
        beforeId = Long.parseLong(after);
      } catch (NumberFormatException e) {
        throw ApiProblems.invalid("cursor", "is not a cursor returned by this endpoint");
      }
    }
    return new AuditQuery(
        fromTime,
        toTime,
        keyId == null || keyId.isBlank() ? null : keyId,
        outcome == null || outcome.isBlank() ? null : Outcome.parse(outcome),
        beforeId);
  }

  private static Instant time(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblems.invalid(name, "must be an RFC 3339 time, e.g. 2026-12-07T10:00:00Z");
    }
  }
}
