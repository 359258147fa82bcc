package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** Schedules ({@code /api/v1/schedules}): runs started by time (docs/schedules.md). */
public final class Schedules {

  private static final String PATH = "/api/v1/schedules";

  private final Transport transport;

  Schedules(Transport transport) {
    this.transport = transport;
  }

  /**
   * A schedule as created or replaced: exactly one of {@code cron}, {@code every} (ISO-8601
   * duration) and {@code at} (RFC 3339). Build with {@link #cron} or {@link #every}; fields left
   * null take the service's defaults.
   */
  public record ScheduleSpec(
      String name,
      String workflowId,
      String cron,
      String every,
      String at,
      String timeZone,
      Object input,
      String jitter,
      String startAt,
      String endAt,
      String catchUp,
      String catchUpWindow,
      String overlap,
      Boolean paused) {

    /** Runs {@code workflowId} on a cron expression in a time zone (null for UTC). */
    public static ScheduleSpec cron(
        String name, String workflowId, String cron, String timeZone, Object input) {
      return of(name, workflowId, cron, null, timeZone, input);
    }

    /** Runs {@code workflowId} every interval (ISO-8601, e.g. PT15M). */
    public static ScheduleSpec every(String name, String workflowId, String every, Object input) {
      return of(name, workflowId, null, every, null, input);
    }

    private static ScheduleSpec of(
        String name, String workflowId, String cron, String every, String zone, Object input) {
      return new ScheduleSpec(
          name,
          workflowId,
          cron,
          every,
          null,
          zone,
          input,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("workflowId", workflowId);
      body.put("cron", cron);
      body.put("every", every);
      body.put("at", at);
      body.put("timeZone", timeZone);
      body.put("input", input);
      body.put("jitter", jitter);
      body.put("startAt", startAt);
      body.put("endAt", endAt);
      body.put("catchUp", catchUp);
      body.put("catchUpWindow", catchUpWindow);
      body.put("overlap", overlap);
      body.put("paused", paused);
      body.values().removeIf(value -> value == null);
      return body;
    }
  }

  /** A schedule, with its next (up to five) fire times. */
  public record Schedule(
      String id,
      String name,
      String workflowId,
      String cron,
      String every,
      Instant at,
      String timeZone,
      JsonNode input,
      String jitter,
      Instant startAt,
      Instant endAt,
      String catchUp,
      String catchUpWindow,
      String overlap,
      Integer declaredVersion,
      boolean paused,
      List<Instant> nextFireTimes,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * What firing now did.
   *
   * @param outcome {@code started}, {@code skipped} or {@code buffered} (the overlap policy)
   * @param runId the run it started, or null
   */
  public record Fire(Instant fireTime, String outcome, String runId) {}

  /**
   * Creates a schedule. The API keeps no idempotency key for schedules, so this is sent again only
   * when the connection was refused (nothing can have been created).
   */
  public Schedule create(ScheduleSpec schedule) {
    return transport.send(Call.post(PATH, schedule.body(), null, Safety.ONCE), Schedule.class);
  }

  /** One page of schedules; both arguments optional (null). */
  public Page<Schedule> list(Integer limit, String cursor) {
    return transport.send(
        Call.get(PATH, Transport.query("limit", limit, "cursor", cursor)),
        new TypeReference<Page<Schedule>>() {});
  }

  /** A schedule; a 404 problem if the tenant has none of that id. */
  public Schedule get(String id) {
    return transport.send(Call.get(path(id)), Schedule.class);
  }

  /** Replaces a schedule's settings with these. */
  public Schedule replace(String id, ScheduleSpec schedule) {
    return transport.send(Call.put(path(id), schedule.body()), Schedule.class);
  }

  /** Deletes a schedule. */
  public void delete(String id) {
    transport.send(Call.delete(path(id)), Void.class);
  }

  /** Stops firing until {@link #resume}. */
  public Schedule pause(String id) {
    return transport.send(
        Call.post(path(id) + "/pause", null, null, Safety.REPEATABLE), Schedule.class);
  }

  /** Fires again from the next time on. */
  public Schedule resume(String id) {
    return transport.send(
        Call.post(path(id) + "/resume", null, null, Safety.REPEATABLE), Schedule.class);
  }

  /**
   * Fires once now, under the schedule's overlap policy. Not sent again after it may have arrived:
   * a second firing would start a second run.
   */
  public Fire triggerNow(String id) {
    return transport.send(Call.post(path(id) + "/trigger", null, null, Safety.ONCE), Fire.class);
  }

  private static String path(String id) {
    return PATH + "/" + Transport.encode(id);
  }
}
