package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.outbox.InboundEvent;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
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

  private JsonNode parse(byte[] data) {
    try {
      return json.readTree(data);
    } catch (JacksonException e) {
      return null;
    }
  }
}
