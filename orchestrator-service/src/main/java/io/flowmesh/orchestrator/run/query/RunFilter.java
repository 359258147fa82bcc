package io.flowmesh.orchestrator.run.query;

import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which runs a list, bulk operation or purge applies to. Every criterion is optional; the ones
 * given must all match.
 *
 * @param workflowId runs of this workflow
 * @param statuses runs in one of these states; empty for any
 * @param startedAfter runs started strictly after this instant
 * @param startedBefore runs started strictly before this instant
 * @param businessKey runs started with this business key
 */
public record RunFilter(
    String workflowId,
    Set<RunStatus> statuses,
    Instant startedAfter,
    Instant startedBefore,
    String businessKey) {

  public RunFilter {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
  }

  /**
   * Parses the filter parameters as clients send them (query parameters or bulk request fields).
   *
   * @param status one state or several separated by commas, any case
   * @param startedAfter an RFC 3339 timestamp
   * @param startedBefore an RFC 3339 timestamp
   * @throws InvalidRequestException naming every bad parameter
   */
  public static RunFilter parse(
      String workflowId,
      String status,
      String startedAfter,
      String startedBefore,
      String businessKey) {
    List<FieldProblem> problems = new ArrayList<>();
    Set<RunStatus> statuses = statuses(status, problems);
    Instant after = instant("startedAfter", startedAfter, problems);
    Instant before = instant("startedBefore", startedBefore, problems);
    if (after != null && before != null && !after.isBefore(before)) {
      problems.add(new FieldProblem("startedBefore", "must be later than startedAfter"));
    }
    if (workflowId != null && workflowId.isBlank()) {
      problems.add(new FieldProblem("workflowId", "must not be blank"));
    }
    if (businessKey != null && (businessKey.isBlank() || businessKey.length() > 200)) {
      problems.add(new FieldProblem("businessKey", "must be a non-empty string of at most 200"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new RunFilter(workflowId, statuses, after, before, businessKey);
  }

  /** Whether no criterion is given: the filter matches every run of the tenant. */
  public boolean isEmpty() {
    return workflowId == null
        && statuses.isEmpty()
        && startedAfter == null
        && startedBefore == null
        && businessKey == null;
  }

  /**
   * The filter narrowed to the states an operation applies to.
   *
   * @param applicable the states the operation accepts
   * @return the filter whose statuses are the given ones that are also applicable; empty if none is
   *     (then the operation applies to no run)
   */
  public Set<RunStatus> statusesAmong(Set<RunStatus> applicable) {
    if (statuses.isEmpty()) {
      return applicable;
    }
    EnumSet<RunStatus> both = EnumSet.noneOf(RunStatus.class);
    statuses.stream().filter(applicable::contains).forEach(both::add);
    return both;
  }

  private static Set<RunStatus> statuses(String status, List<FieldProblem> problems) {
    if (status == null || status.isBlank()) {
      return Set.of();
    }
    EnumSet<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
    for (String part : status.split(",")) {
      try {
        statuses.add(RunStatus.valueOf(part.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(
            new FieldProblem(
                "status",
                "'"
                    + part.strip()
                    + "' is not a run state; use one or more of "
                    + Arrays.toString(RunStatus.values())));
        return Set.of();
      }
    }
    return statuses;
  }

  private static Instant instant(String name, String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      problems.add(
          new FieldProblem(name, "must be an RFC 3339 timestamp, e.g. 2026-01-31T12:00:00Z"));
      return null;
    }
  }
}
