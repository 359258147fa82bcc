package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** Event triggers ({@code /api/v1/triggers}): start a run of a workflow for matching events. */
public final class Triggers {

  private static final String PATH = "/api/v1/triggers";

  private final Transport transport;

  Triggers(Transport transport) {
    this.transport = transport;
  }

  /** At most {@code limit} runs at a time per value of the CEL {@code key}. */
  public record Concurrency(int limit, String key) {}

  /** Start once {@code period} (ISO-8601) passed without another event of the key. */
  public record Debounce(String period, String key) {}

  /** Gather up to {@code maxEvents} events, or what came within {@code maxWait}, into one run. */
  public record Batch(int maxEvents, String maxWait, String key) {}

  /**
   * A trigger as created or replaced (docs/events.md has every field). Build with {@link #of}.
   *
   * @param eventTypes types or patterns such as {@code com.acme.order.*}
   * @param filter a CEL condition over {@code event}; null matches every event of the types
   * @param input a CEL expression for the run's input; null passes the event's data
   * @param businessKey a CEL expression for the run's business key; null for none
   * @param enabled null or true for enabled
   */
  public record TriggerSpec(
      String name,
      String workflowId,
      List<String> eventTypes,
      String filter,
      String input,
      String businessKey,
      Concurrency concurrency,
      Debounce debounce,
      Batch batch,
      Boolean enabled) {

    /** A trigger starting {@code workflowId} for events of these types. */
    public static TriggerSpec of(String name, String workflowId, List<String> eventTypes) {
      return new TriggerSpec(
          name, workflowId, eventTypes, null, null, null, null, null, null, null);
    }

    /** The same trigger with this CEL filter. */
    public TriggerSpec withFilter(String cel) {
      return new TriggerSpec(
          name,
          workflowId,
          eventTypes,
          cel,
          input,
          businessKey,
          concurrency,
          debounce,
          batch,
          enabled);
    }

    /** The same trigger with this CEL input expression. */
    public TriggerSpec withInput(String cel) {
      return new TriggerSpec(
          name,
          workflowId,
          eventTypes,
          filter,
          cel,
          businessKey,
          concurrency,
          debounce,
          batch,
          enabled);
    }

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("workflowId", workflowId);
      body.put("eventTypes", eventTypes);
      body.put("filter", filter);
      body.put("input", input);
      body.put("businessKey", businessKey);
      body.put("concurrency", concurrency);
      body.put("debounce", debounce);
      body.put("batch", batch);
      body.put("enabled", enabled);
      body.values().removeIf(value -> value == null);
      return body;
    }
  }

  /**
   * A trigger.
   *
   * @param declaredVersion the workflow version whose trigger node declared it; null if made
   *     through this API
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
      Instant updatedAt) {}

  /**
   * Creates a trigger. The API keeps no idempotency key for triggers, so this is sent again only
   * when the connection was refused (nothing can have been created).
   */
  public Trigger create(TriggerSpec trigger) {
    return transport.send(Call.post(PATH, trigger.body(), null, Safety.ONCE), Trigger.class);
  }

  /** One page of triggers; both arguments optional (null). */
  public Page<Trigger> list(Integer limit, String cursor) {
    return transport.send(
        Call.get(PATH, Transport.query("limit", limit, "cursor", cursor)),
        new TypeReference<Page<Trigger>>() {});
  }

  /** A trigger; a 404 problem if the tenant has none of that id. */
  public Trigger get(String id) {
    return transport.send(Call.get(path(id)), Trigger.class);
  }

  /** Replaces a trigger's settings with these. */
  public Trigger replace(String id, TriggerSpec trigger) {
    return transport.send(Call.put(path(id), trigger.body()), Trigger.class);
  }

  /** Deletes a trigger. */
  public void delete(String id) {
    transport.send(Call.delete(path(id)), Void.class);
  }

  private static String path(String id) {
    return PATH + "/" + Transport.encode(id);
  }
}
