package io.flowmesh.webhooks.delivery;

import io.flowmesh.cel.CelValues;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.CloudEventAttributes;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders an event as the webhook request body: a CloudEvent in the JSON event format (structured
 * mode), {@code data} embedded as JSON. The ordering key travels as the Partitioning extension's
 * {@code partitionkey}, so a receiver can tell which events are ordered relative to each other.
 */
final class CloudEventJson {

  private final JsonMapper json;

  CloudEventJson(JsonMapper json) {
    this.json = json;
  }

  String render(InboundEvent event, String orderingKey) {
    byte[] data = event.data() == null ? new byte[0] : event.data();
    JsonNode tree = data.length == 0 ? null : parse(data);
    ObjectNode body = json.createObjectNode();
    body.put("specversion", "1.0");
    body.put("id", event.id());
    body.put("source", event.source());
    body.put("type", event.type());
    if (event.subject() != null) {
      body.put("subject", event.subject());
    }
    if (event.time() != null) {
      body.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.time()));
    }
    if (tree != null) {
      body.put("datacontenttype", CloudEventAttributes.JSON);
    }
    body.put(CloudEventAttributes.TENANT, event.tenant());
    body.put("partitionkey", orderingKey);
    if (tree != null) {
      body.set("data", tree);
    } else if (data.length > 0) {
      // Not JSON after all: the JSON event format carries other data base64-encoded.
      body.put("data_base64", Base64.getEncoder().encodeToString(data));
    }
    return json.writeValueAsString(body);
  }

  /**
   * The event as CEL sees it: {@code id}, {@code type}, {@code source}, {@code subject}, {@code
   * time}, {@code tenant}, {@code key} (the Kafka record key) and {@code data}, with JSON numbers
   * as CEL's int (long) or double. A missing attribute is absent, so {@code has(event.subject)}
   * works.
   */
  Map<String, Object> celView(InboundEvent event) {
    Map<String, Object> view = new HashMap<>();
    putIfPresent(view, "id", event.id());
    putIfPresent(view, "type", event.type());
    putIfPresent(view, "source", event.source());
    putIfPresent(view, "subject", event.subject());
    putIfPresent(view, "tenant", event.tenant());
    putIfPresent(view, "key", event.key());
    if (event.time() != null) {
      view.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.time()));
    }
    byte[] data = event.data() == null ? new byte[0] : event.data();
    JsonNode tree = data.length == 0 ? null : parse(data);
    if (tree != null) {
      view.put("data", CelValues.of(tree));
    }
    return view;
  }

  private static void putIfPresent(Map<String, Object> view, String name, String value) {
    if (value != null) {
      view.put(name, value);
    }
  }

  private JsonNode parse(byte[] data) {
    try {
      return json.readTree(data);
    } catch (JacksonException e) {
      return null;
    }
  }
}
