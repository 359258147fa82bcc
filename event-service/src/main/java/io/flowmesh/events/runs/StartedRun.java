package io.flowmesh.events.runs;

import java.time.Instant;

/**
 * A run event-service asked the orchestrator to start.
 *
 * @param runId the run's id, chosen by event-service
 * @param triggerId the trigger that started it, or null
 * @param scheduleId the schedule that started it, or null
 * @param concurrencyKey the trigger's concurrency key for this run, or null
 * @param chainDepth how many runs in a row led to it: 1 for a run an outside event or a schedule
 *     started, one more than the run whose lifecycle event started it
 * @param startedAt when it was asked for
 */
public record StartedRun(
    String runId,
    String triggerId,
    String scheduleId,
    String concurrencyKey,
    int chainDepth,
    Instant startedAt) {

  /** A run a trigger started. */
  public static StartedRun byTrigger(
      String runId, String triggerId, String concurrencyKey, int chainDepth, Instant at) {
    return new StartedRun(runId, triggerId, null, concurrencyKey, chainDepth, at);
  }

  /** A run a schedule started. */
  public static StartedRun bySchedule(String runId, String scheduleId, Instant at) {
    return new StartedRun(runId, null, scheduleId, null, 1, at);
  }
}
