package io.flowmesh.events.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a schedule does when its time comes while a run it started has not ended.
 *
 * <p>Cancelling the earlier run ({@code cancel-other} in Temporal's set) is not offered:
 * event-service has no way yet to ask the orchestrator for a cancel through the outbox.
 */
enum Overlap {
  /** Start a run every time, whatever is still running (the default). */
  ALLOW_ALL,
  /** Do not start one; the time is recorded as skipped. */
  SKIP,
  /** Keep one time to start when the running ones have ended; later times are skipped. */
  BUFFER_ONE,
  /** Keep every time, started one after the other as the running ones end. */
  BUFFER_ALL;

  /**
   * How the API spells it: {@code allow-all}, {@code skip}, {@code buffer-one}, {@code buffer-all}.
   */
  String value() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Optional<Overlap> of(String value) {
    return Arrays.stream(values()).filter(o -> o.value().equals(value)).findFirst();
  }
}
