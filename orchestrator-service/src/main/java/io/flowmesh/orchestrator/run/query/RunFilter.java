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
 * @param version runs of this definition version of the workflow (only with a workflow)
 * @param statuses runs in one of these states; empty for any
 * @param startedAfter runs started strictly after this instant
 * @param startedBefore runs started strictly before this instant
 * @param businessKey runs started with this business key
 * @param parentRunId child runs that this run's sub-workflow nodes started
 */
public record RunFilter(
    String workflowId,
    Integer version,
    Set<RunStatus> statuses,
    Instant startedAfter,
    Instant startedBefore,
    String businessKey,
    String parentRunId) {

  public RunFilter {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
  }

  /**
   * Parses the filter of a bulk request: the criteria of {@link Parameters} without version and
   * parent run.
   *
   * @throws InvalidRequestException naming every bad parameter
   */
  public static RunFilter parse(
      String workflowId,
      String status,
      String startedAfter,
      String startedBefore,
      String businessKey) {
    return new Parameters(workflowId, null, status, startedAfter, startedBefore, businessKey, null)
        .parse();
  }

  /**
   * The filter's parameters as clients send them (query parameters or bulk request fields).
   *
   * @param version a positive integer; only together with a workflow
   * @param status one state or several separated by commas, any case
   * @param startedAfter an RFC 3339 timestamp
   * @param startedBefore an RFC 3339 timestamp
   */
  public record Parameters(
      String workflowId,
      String version,
      String status,
      String startedAfter,
      String startedBefore,
      String businessKey,
      String parentRunId) {

    /**
     * The filter they describe.
     *
     * @throws InvalidRequestException naming every bad parameter
     */
    public RunFilter parse() {
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
      Integer number = version(problems);
      if (businessKey != null && (businessKey.isBlank() || businessKey.length() > 200)) {
        problems.add(new FieldProblem("businessKey", "must be a non-empty string of at most 200"));
      }
      if (parentRunId != null && parentRunId.isBlank()) {
        problems.add(new FieldProblem("parentRunId", "must not be blank"));
      }
      if (!problems.isEmpty()) {
        throw new InvalidRequestException(problems);
      }
      return new RunFilter(workflowId, number, statuses, after, before, businessKey, parentRunId);
    }

    // A version number means nothing without its workflow: version 3 of one workflow has nothing
    // to do with version 3 of another.
    private Integer version(List<FieldProblem> problems) {
      if (version == null || version.isBlank()) {
        return null;
      }
      int number;
      try {
        number = Integer.parseInt(version.strip());
      } catch (NumberFormatException e) {
        number = 0;
      }
      if (number < 1) {
        problems.add(new FieldProblem("version", "must be a positive integer"));
        return null;
      }
      if (workflowId == null || workflowId.isBlank()) {
        problems.add(new FieldProblem("version", "needs workflowId: versions are per workflow"));
        return null;
      }
      return number;
    }
  }

  /** Whether no criterion is given: the filter matches every run of the tenant. */
  public boolean isEmpty() {
    return workflowId == null
        && version == null
        && parentRunId == null
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
