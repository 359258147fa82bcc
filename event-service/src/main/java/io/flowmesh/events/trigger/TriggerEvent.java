package io.flowmesh.events.trigger;

import io.flowmesh.cel.CelValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored event as triggers see it.
 *
 * @param storedId its stored id ({@code evt_...})
 * @param eventId the CloudEvent's id
 * @param source its source
 * @param type its type
 * @param subject its subject, or null
 * @param time its time, or null
 * @param jsonData its data as JSON text when it is JSON, else null
 * @param extensions its extension attributes
 * @param chainDepth how many runs in a row led to it: 0 for an event from outside, else the depth
 *     of the run whose lifecycle event it is
 */
public record TriggerEvent(
    String storedId,
    String eventId,
    String source,
    String type,
    String subject,
    Instant time,
    String jsonData,
    Map<String, String> extensions,
    int chainDepth) {

  /**
   * The event as CEL's {@code event} variable: {@code id}, {@code source}, {@code type}, the
   * optional {@code subject} and {@code time} when present, {@code data}, and the extensions.
   */
  Map<String, Object> celView(JsonMapper json) {
    Map<String, Object> view = new LinkedHashMap<>(extensions);
    view.put("id", eventId);
    view.put("source", source);
    view.put("type", type);
    if (subject != null) {
      view.put("subject", subject);
    }
    if (time != null) {
      view.put("time", time.toString());
    }
    if (jsonData != null) {
      view.put("data", CelValues.of(json.readTree(jsonData)));
    }
    return view;
  }
}
