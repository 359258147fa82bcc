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
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

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
