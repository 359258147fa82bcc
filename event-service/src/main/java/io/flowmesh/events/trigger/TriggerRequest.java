package io.flowmesh.events.trigger;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.cel.CelExpressions.Result;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/triggers} and {@code PUT /api/v1/triggers/{id}}.
 *
 * @param name what it is for (required, at most 200 characters)
 * @param workflowId the workflow to run (required)
 * @param eventTypes the event types (1 to 20 patterns)
 * @param filter CEL bool over {@code event}, optional
 * @param input CEL over {@code event} giving the run's input, optional
 * @param businessKey CEL string over {@code event}, optional
 * @param concurrency optional limit of active runs per key
 * @param debounce optional: only the last event of a quiet period per key starts a run
 * @param batch optional: several events per key start one run (not with debounce)
 * @param enabled default true
 */
public record TriggerRequest(
    String name,
    String workflowId,
    List<String> eventTypes,
    String filter,
    String input,
    String businessKey,
    Trigger.Concurrency concurrency,
    Trigger.Debounce debounce,
    Trigger.Batch batch,
    Boolean enabled) {

  static final int MAX_BATCH = 1_000;

  static final int MAX_CONCURRENCY = 1_000;

  static final int MAX_TYPES = 20;

  private static final Pattern TYPE_PATTERN = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._-]*\\*?");

  /**
   * @throws InvalidRequestException naming every field that breaks a rule
   */
  void check(CelExpressions expressions) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || name.isBlank()) {
      problems.add(new FieldProblem("name", "is required"));
    } else if (name.length() > 200) {
      problems.add(new FieldProblem("name", "must be at most 200 characters"));
    }
    if (workflowId == null || workflowId.isBlank()) {
      problems.add(new FieldProblem("workflowId", "is required"));
    }
    if (eventTypes == null || eventTypes.isEmpty()) {
      problems.add(
          new FieldProblem(
              "eventTypes", "lists at least one event type ('com.acme.order.*', or '*' for all)"));
    } else if (eventTypes.size() > MAX_TYPES) {
      problems.add(new FieldProblem("eventTypes", "lists at most " + MAX_TYPES + " types"));
    } else {
      for (int i = 0; i < eventTypes.size(); i++) {
        String type = eventTypes.get(i);
        if (type == null || type.length() > 200 || !TYPE_PATTERN.matcher(type).matches()) {
          problems.add(
              new FieldProblem(
                  "eventTypes[" + i + "]",
                  "is not an event type or a prefix ending in '*' (letters, digits, '.', '_',"
                      + " '-')"));
        }
      }
    }
    expression(expressions, "filter", filter, Result.BOOL, problems);
    expression(expressions, "input", input, Result.ANY, problems);
    expression(expressions, "businessKey", businessKey, Result.STRING, problems);
    if (concurrency != null) {
      if (concurrency.limit() < 1 || concurrency.limit() > MAX_CONCURRENCY) {
        problems.add(
            new FieldProblem(
                "concurrency.limit", "must be between 1 and " + MAX_CONCURRENCY + " active runs"));
      }
      expression(expressions, "concurrency.key", concurrency.key(), Result.STRING, problems);
    }
    if (debounce != null && batch != null) {
      problems.add(new FieldProblem("batch", "cannot be combined with debounce: choose one"));
    }
    if (debounce != null) {
      wait(debounce.period(), "debounce.period", problems);
      expression(expressions, "debounce.key", debounce.key(), Result.STRING, problems);
    }
    if (batch != null) {
      if (batch.maxEvents() < 2 || batch.maxEvents() > MAX_BATCH) {
        problems.add(new FieldProblem("batch.maxEvents", "must be between 2 and " + MAX_BATCH));
      }
      wait(batch.maxWait(), "batch.maxWait", problems);
      expression(expressions, "batch.key", batch.key(), Result.STRING, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  private static void wait(String value, String field, List<FieldProblem> problems) {
    Duration wait = null;
    try {
      wait = value == null ? null : Duration.parse(value);
    } catch (DateTimeParseException e) {
      // reported below
    }
    if (wait == null
        || wait.compareTo(Duration.ofMillis(100)) < 0
        || wait.compareTo(Duration.ofHours(24)) > 0) {
      problems.add(
          new FieldProblem(field, "is required, an ISO-8601 duration from PT0.1S to PT24H"));
    }
  }

  private static void expression(
      CelExpressions expressions,
      String field,
      String expression,
      Result result,
      List<FieldProblem> problems) {
    if (expression != null) {
      expressions
          .problem(expression, result)
          .ifPresent(problem -> problems.add(new FieldProblem(field, problem)));
    }
  }
}
