package io.flowmesh.orchestrator.definition;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.cel.CelExpressions.Result;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.scheduling.support.CronExpression;

/**
 * How a workflow says it starts, from its trigger node's {@code config.triggerType}: {@code manual}
 * (the default), {@code event}, {@code schedule} or {@code webhook}, in any case (the Workflow
 * Builder writes {@code Schedule}, {@code Webhook}). Its settings are read in Flowmesh's names and
 * in the Workflow Builder's ({@code scheduleCron}, {@code scheduleTimezone}). A type Flowmesh does
 * not start by (the Workflow Builder's {@code Database Event}), and a {@code webhook} without a
 * {@code hookId} (the Workflow Builder's {@code webhookPath} names no Flowmesh hook), declare
 * nothing: such a workflow starts by API calls, as a manual one does.
 *
 * @param type {@code manual}, {@code event}, {@code schedule} or {@code webhook}
 * @param settings the settings event-service needs, in Flowmesh's names
 */
record TriggerDeclaration(String type, Map<String, Object> settings) {

  static final String MANUAL = "manual";
  static final String EVENT = "event";
  static final String SCHEDULE = "schedule";
  static final String WEBHOOK = "webhook";

  private static final TriggerDeclaration NONE = new TriggerDeclaration(MANUAL, Map.of());

  /** Expressions of declared triggers see the event, as event-service's triggers do. */
  private static final CelExpressions EXPRESSIONS = CelExpressions.over("event");

  /** The declaration of a trigger node's config, which {@link #check} found sound. */
  static TriggerDeclaration of(Map<String, Object> config) {
    String type =
        config.get("triggerType") instanceof String text
            ? text.trim().toLowerCase(Locale.ROOT)
            : MANUAL;
    Map<String, Object> settings = new LinkedHashMap<>();
    switch (type) {
      case EVENT -> {
        settings.put("eventTypes", eventTypes(config));
        copyExpressions(config, settings);
      }
      case SCHEDULE -> {
        putIfPresent(settings, "cron", first(config, "cron", "scheduleCron"));
        putIfPresent(settings, "every", config.get("every"));
        Object zone = first(config, "timeZone", "scheduleTimezone");
        settings.put("timeZone", zone == null ? "UTC" : zone);
        putIfPresent(settings, "input", config.get("input"));
      }
      case WEBHOOK -> {
        if (config.get("hookId") == null) {
          return NONE;
        }
        settings.put("hookId", config.get("hookId"));
        copyExpressions(config, settings);
      }
      default -> {
        return NONE;
      }
    }
    return new TriggerDeclaration(type, Map.copyOf(settings));
  }

  /** Checks the settings of the declared type; each problem names the node and the field. */
  static void check(
      String nodeId, String path, Map<String, Object> config, List<FieldProblem> problems) {
    Object declared = config.get("triggerType");
    if (declared != null && !(declared instanceof String)) {
      problems.add(
          new FieldProblem(
              path + ".config.triggerType",
              "trigger node '"
                  + nodeId
                  + "': triggerType must be a string: manual, event, schedule or webhook"));
      return;
    }
    String type = declared == null ? MANUAL : ((String) declared).trim().toLowerCase(Locale.ROOT);
    Checks checks = new Checks(nodeId, path, problems);
    switch (type) {
      case EVENT -> {
        List<?> types = eventTypes(config);
        if (types.isEmpty()
            || !types.stream().allMatch(t -> t instanceof String s && !s.isBlank())) {
          checks.add(
              "eventTypes",
              "an event trigger needs eventTypes (or eventType): the CloudEvents types that start"
                  + " the workflow, e.g. com.acme.order.*");
        }
        checkExpressions(config, checks);
      }
      case SCHEDULE -> checkSchedule(config, checks);
      case WEBHOOK -> {
        Object hook = config.get("hookId");
        if (hook != null && !(hook instanceof String id && id.startsWith("hook_"))) {
          checks.add("hookId", "hookId must be the id of an inbound webhook (hook_...)");
        }
        checkExpressions(config, checks);
      }
      default -> {
        // manual, or a type Flowmesh does not start by: nothing to check
      }
    }
  }

  private static void checkSchedule(Map<String, Object> config, Checks checks) {
    Object cron = first(config, "cron", "scheduleCron");
    Object every = config.get("every");
    if ((cron == null) == (every == null)) {
      checks.add(
          "scheduleCron",
          "a schedule trigger needs exactly one of cron (or scheduleCron) and every (an ISO-8601"
              + " duration)");
    }
    if (cron != null) {
      String field = config.containsKey("cron") ? "cron" : "scheduleCron";
      String problem = cronProblem(cron);
      if (problem != null) {
        checks.add(field, field + " " + problem);
      }
    }
    if (every != null) {
      try {
        if (!(every instanceof String text)
            || Duration.parse(text).compareTo(Duration.ofSeconds(1)) < 0) {
          checks.add("every", "every must be an ISO-8601 duration of at least PT1S");
        }
      } catch (DateTimeParseException e) {
        checks.add("every", "every must be an ISO-8601 duration of at least PT1S");
      }
    }
    Object zone = first(config, "timeZone", "scheduleTimezone");
    if (zone != null) {
      try {
        ZoneId.of(String.valueOf(zone));
      } catch (DateTimeException e) {
        String field = config.containsKey("timeZone") ? "timeZone" : "scheduleTimezone";
        checks.add(field, field + " is not an IANA time zone such as Europe/Berlin or UTC");
      }
    }
  }

  /** Cron with 5 fields, 6 (seconds first) or a macro, as event-service reads it; else why not. */
  private static String cronProblem(Object cron) {
    if (!(cron instanceof String text) || text.isBlank()) {
      return "must be a cron expression such as '0 9 * * *'";
    }
    String trimmed = text.trim();
    String sixFields =
        trimmed.startsWith("@") || trimmed.split("\\s+").length != 5 ? trimmed : "0 " + trimmed;
    try {
      CronExpression.parse(sixFields);
      return null;
    } catch (IllegalArgumentException e) {
      return "is not a cron expression: " + e.getMessage();
    }
  }

  private static void checkExpressions(Map<String, Object> config, Checks checks) {
    expression(config, "filter", Result.BOOL, checks);
    expression(config, "input", Result.ANY, checks);
    expression(config, "businessKey", Result.STRING, checks);
  }

  private static void expression(
      Map<String, Object> config, String field, Result result, Checks checks) {
    Object value = config.get(field);
    if (value == null) {
      return;
    }
    if (!(value instanceof String expression)) {
      checks.add(field, field + " must be a CEL expression over event, as a string");
      return;
    }
    EXPRESSIONS
        .problem(expression, result)
        .ifPresent(problem -> checks.add(field, field + " " + problem));
  }

  private static List<?> eventTypes(Map<String, Object> config) {
    if (config.get("eventTypes") instanceof List<?> list) {
      return list;
    }
    return config.get("eventType") instanceof String type ? List.of(type) : List.of();
  }

  private static void copyExpressions(Map<String, Object> config, Map<String, Object> settings) {
    for (String field : List.of("filter", "input", "businessKey")) {
      putIfPresent(settings, field, config.get(field));
    }
  }

  private static Object first(Map<String, Object> config, String name, String builderName) {
    Object value = config.get(name);
    return value != null ? value : config.get(builderName);
  }

  private static void putIfPresent(Map<String, Object> settings, String name, Object value) {
    if (value != null) {
      settings.put(name, value);
    }
  }

  /** Problems of one trigger node's config. */
  private record Checks(String nodeId, String path, List<FieldProblem> problems) {
    void add(String field, String message) {
      problems.add(
          new FieldProblem(path + ".config." + field, "trigger node '" + nodeId + "': " + message));
    }
  }
}
