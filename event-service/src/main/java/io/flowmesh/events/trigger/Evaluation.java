package io.flowmesh.events.trigger;

import java.time.Instant;

/**
 * What a trigger made of an event.
 *
 * @param triggerId the trigger
 * @param eventId the stored event id ({@code evt_...})
 * @param outcome {@code started} (a run was requested), {@code refused} (the orchestrator did not
 *     start it), {@code filtered} (the filter was false), {@code failed} (an expression failed on
 *     the event), {@code limited} (its concurrency limit was reached, or the chain of runs that led
 *     to the event is as deep as allowed), {@code debounced} (waiting for a quiet period,
 *     superseded by a later event, or the last one whose run started) or {@code batched} (in a
 *     batch, with the batch's run once it started)
 * @param runId the run it started or asked to start, or null
 * @param reason why not, for the outcomes other than started
 * @param evaluatedAt when
 * @param replayId the forced replay that evaluated the event again, or null for its first
 *     evaluation
 */
public record Evaluation(
    String triggerId,
    String eventId,
    String outcome,
    String runId,
    String reason,
    Instant evaluatedAt,
    String replayId) {

  static final String STARTED = "started";
  static final String REFUSED = "refused";
  static final String FILTERED = "filtered";
  static final String FAILED = "failed";
  static final String LIMITED = "limited";
  static final String DEBOUNCED = "debounced";
  static final String BATCHED = "batched";

  /** Not stored: a replay found the event evaluated by the trigger already. */
  static final String DUPLICATE = "duplicate";

  Evaluation(
      String triggerId, String eventId, String outcome, String runId, String reason, Instant at) {
    this(triggerId, eventId, outcome, runId, reason, at, null);
  }

  Evaluation inReplay(String replayId) {
    return new Evaluation(triggerId, eventId, outcome, runId, reason, evaluatedAt, replayId);
  }

  /** Where a listing of a trigger's evaluations goes on from. */
  String cursor() {
    return eventId + "/" + (replayId == null ? "" : replayId);
  }
}
