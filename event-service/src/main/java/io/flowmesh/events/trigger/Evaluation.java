package io.flowmesh.events.trigger;

import java.time.Instant;

/**
 * What a trigger made of an event.
 *
 * @param triggerId the trigger
 * @param eventId the stored event id ({@code evt_...})
 * @param outcome {@code started} (a run was requested), {@code refused} (the orchestrator did not
 *     start it), {@code filtered} (the filter was false) or {@code failed} (an expression failed on
 *     the event)
 * @param runId the run it started or asked to start, or null
 * @param reason why not, for the last three outcomes
 * @param evaluatedAt when
 */
public record Evaluation(
    String triggerId,
    String eventId,
    String outcome,
    String runId,
    String reason,
    Instant evaluatedAt) {

  static final String STARTED = "started";
  static final String REFUSED = "refused";
  static final String FILTERED = "filtered";
  static final String FAILED = "failed";
}
