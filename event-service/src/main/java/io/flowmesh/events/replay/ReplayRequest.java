package io.flowmesh.events.replay;

import io.flowmesh.events.store.EventFilter;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/v1/events/replay}.
 *
 * @param from the events accepted at or after this instant (required)
 * @param to the events accepted before this instant (required)
 * @param type only events of this type, optional
 * @param source only events from this source, optional
 * @param subject only events about this subject, optional
 * @param triggerId evaluate with this trigger only; default every enabled trigger
 * @param dryRun default true: say what would happen, record and start nothing
 * @param force evaluate events a trigger evaluated before, starting their runs again
 */
public record ReplayRequest(
    String from,
    String to,
    String type,
    String source,
    String subject,
    String triggerId,
    Boolean dryRun,
    Boolean force) {

  /**
   * @throws InvalidRequestException naming every field that breaks a rule
   */
  EventFilter filter() {
    List<FieldProblem> problems = new ArrayList<>();
    Instant start = instant("from", from, problems);
    Instant end = instant("to", to, problems);
    if (start != null && end != null && !end.isAfter(start)) {
      problems.add(new FieldProblem("to", "must be after from"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new EventFilter(type, source, subject, start, end);
  }

  /** A replay is a dry run unless the client says otherwise: it is the safe first step. */
  boolean isDryRun() {
    return dryRun == null || dryRun;
  }

  boolean isForced() {
    return force != null && force;
  }

  private static Instant instant(String field, String value, List<FieldProblem> problems) {
    if (value == null) {
      problems.add(new FieldProblem(field, "is required, an ISO-8601 instant"));
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(
          new FieldProblem(field, "is not an ISO-8601 instant such as 2026-12-24T18:00:00Z"));
      return null;
    }
  }
}
