package io.flowmesh.events.trigger;

import io.flowmesh.events.runs.StartedRuns;
import io.flowmesh.events.store.EventQueries;
import io.flowmesh.events.store.StoredEvent;
import io.flowmesh.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored events as triggers see them again (a replay, a gathering that fires): run lifecycle events
 * with their run's chain depth; events of publish-event nodes cannot fire triggers.
 */
@Component
public class StoredTriggerEvents {

  private static final String RUN_EVENTS = "io.flowmesh.run.";
  private static final String NODE_EVENTS = "io.flowmesh.run.node.";

  /** The attributes of the JSON event format that are not extensions. */
  private static final Set<String> ATTRIBUTES =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "datacontenttype",
          "dataschema",
          "data",
          "data_base64");

  private final EventQueries queries;
  private final StartedRuns startedRuns;
  private final JsonMapper json;

  StoredTriggerEvents(EventQueries queries, StartedRuns startedRuns, JsonMapper json) {
    this.queries = queries;
    this.startedRuns = startedRuns;
    this.json = json;
  }

  /** The events with these stored ids that are still stored and can fire triggers, in order. */
  List<TriggerEvent> find(TenantId tenant, List<String> storedIds) {
    List<TriggerEvent> found = new ArrayList<>(storedIds.size());
    for (String id : storedIds) {
      queries.find(tenant, id).map(stored -> of(tenant, stored)).ifPresent(found::add);
    }
    return found;
  }

  /** The stored event as triggers see it, or null if it cannot fire triggers. */
  public TriggerEvent of(TenantId tenant, StoredEvent stored) {
    Map<String, Object> event = stored.event();
    String type = (String) event.get("type");
    String subject = (String) event.get("subject");
    int depth = 0;
    if (stored.origin().equals("platform")) {
      if (!type.startsWith(RUN_EVENTS) || type.startsWith(NODE_EVENTS) || subject == null) {
        return null;
      }
      depth = startedRuns.chainDepth(tenant, subject).orElse(0);
    }
    Map<String, String> extensions = new LinkedHashMap<>();
    event.forEach(
        (name, value) -> {
          if (!ATTRIBUTES.contains(name) && value != null) {
            extensions.put(name, value.toString());
          }
        });
    Object time = event.get("time");
    return new TriggerEvent(
        stored.id(),
        (String) event.get("id"),
        (String) event.get("source"),
        type,
        subject,
        time == null ? null : Instant.parse(time.toString()),
        event.containsKey("data") ? json.writeValueAsString(event.get("data")) : null,
        extensions,
        depth);
  }
}
