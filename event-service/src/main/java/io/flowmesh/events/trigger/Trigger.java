package io.flowmesh.events.trigger;

import java.time.Instant;
import java.util.List;

/**
 * A trigger: which events start which workflow.
 *
 * @param id {@code trg_...}
 * @param name what it is for, for people
 * @param workflowId the workflow its runs run, on the latest version at each start
 * @param eventTypes the event types it listens to: exact, a prefix ending in {@code *} ({@code
 *     com.acme.order.*}), or {@code *} for every type
 * @param filter CEL over {@code event} giving a bool; null: every event of its types
 * @param input CEL over {@code event} giving the run's input; null: the event's data
 * @param businessKey CEL over {@code event} giving the run's business key; null: none
 * @param concurrency at most so many of its runs active at once per key, or null: no limit
 * @param debounce start a run only for the last event of a quiet period per key, or null
 * @param batch start one run for several events per key, or null
 * @param declaredVersion the version of the workflow whose trigger node declares this trigger, or
 *     null for a trigger made through the API; a declared one changes only with the workflow
 * @param enabled false to stop it without deleting it
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
public record Trigger(
    String id,
    String name,
    String workflowId,
    List<String> eventTypes,
    String filter,
    String input,
    String businessKey,
    Concurrency concurrency,
    Debounce debounce,
    Batch batch,
    Integer declaredVersion,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * A limit on the trigger's active runs. An event that would start one more is recorded as {@code
   * limited} and starts nothing (it is not queued: replay it once the runs have ended).
   *
   * @param limit at most this many runs not yet ended, per key (1 to 1,000)
   * @param key CEL string over {@code event} naming the key; null: the run's business key, or one
   *     key for all runs when it has none
   */
  public record Concurrency(int limit, String key) {}

  /**
   * Events of one key start a run only once {@code period} has passed without another: the last
   * one's run, with its input. Every earlier one is recorded as {@code debounced}, superseded.
   *
   * @param period an ISO-8601 duration, PT0.1S to PT24H
   * @param key CEL string over {@code event}; null: one key for all events
   */
  public record Debounce(String period, String key) {}

  /**
   * Events of one key are gathered and start one run, with the input {@code {"events": [<each
   * event's input>, ...]}}, once {@code maxEvents} are in or {@code maxWait} has passed since the
   * first.
   *
   * @param maxEvents 2 to 1,000
   * @param maxWait an ISO-8601 duration, PT0.1S to PT24H
   * @param key CEL string over {@code event}; null: one key for all events
   */
  public record Batch(int maxEvents, String maxWait, String key) {}

  /** Whether events wait to be gathered (debounce or batch) instead of starting a run at once. */
  boolean gathers() {
    return debounce != null || batch != null;
  }

  /** The CEL key events are gathered by, or null for one key. */
  String gatherKey() {
    return debounce != null ? debounce.key() : batch.key();
  }

  /** How long after an event (debounce) or the first event (batch) the gathering fires. */
  java.time.Duration gatherWait() {
    return java.time.Duration.parse(debounce != null ? debounce.period() : batch.maxWait());
  }

  /** Whether the trigger listens to events of this type. */
  boolean listensTo(String type) {
    for (String pattern : eventTypes) {
      if (pattern.equals("*")
          || pattern.equals(type)
          || (pattern.endsWith("*")
              && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
