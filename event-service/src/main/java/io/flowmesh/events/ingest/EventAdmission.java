package io.flowmesh.events.ingest;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.flowmesh.events.eventtype.EventTypeSchemas;
import io.flowmesh.events.eventtype.EventTypeView;
import io.flowmesh.events.ingest.CloudEventsHttp.Received;
import io.flowmesh.events.store.NewEvent;
import io.flowmesh.jsonschema.SchemaChecker;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.TenantId;
import io.flowmesh.outbox.TraceparentSource;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Decides whether read CloudEvents may be stored: each event's data within the size limit, JSON
 * when its content type says JSON, and matching its type's schema when the tenant's catalogue has
 * the type; a {@code tenant} extension, if sent, must be the caller's own. All events of a request
 * are checked before any is stored, and every problem is reported at once.
 */
@Component
class EventAdmission {

  private final EventTypeSchemas schemas;
  private final SchemaChecker checker = new SchemaChecker("the event type's schema", 20);
  private final JsonMapper json;

  private final TraceparentSource traceparent;

  EventAdmission(
      EventTypeSchemas schemas, JsonMapper json, ObjectProvider<TraceparentSource> traceparent) {
    this.schemas = schemas;
    this.json = json;
    this.traceparent = traceparent.getIfAvailable(() -> TraceparentSource.NONE);
  }

  /**
   * @throws EventTooLargeException if an event's data is over the limit
   * @throws InvalidRequestException if data is not what its content type says, or the tenant
   *     extension is another tenant's
   * @throws EventRejectedException if data breaks its type's schema
   */
  List<NewEvent> admit(TenantId tenant, List<Received> received, long maxDataBytes) {
    List<FieldProblem> malformed = new ArrayList<>();
    List<FieldProblem> rejected = new ArrayList<>();
    Map<String, Optional<EventTypeView>> typeByName = new HashMap<>();
    List<NewEvent> admitted = new ArrayList<>(received.size());
    for (Received one : received) {
      CloudEvent event = one.event();
      CloudEventData data = event.getData();
      byte[] bytes = data == null ? null : data.toBytes();
      if (bytes != null && bytes.length > maxDataBytes) {
        String which =
            one.where().isEmpty()
                ? "The event's data"
                : "Event " + one.where().replace(".", "") + "'s data";
        throw new EventTooLargeException(
            which + " is " + bytes.length + " bytes; at most " + maxDataBytes + " are accepted");
      }
      Object sentTenant = event.getExtension(CloudEventAttributes.TENANT);
      if (sentTenant != null && !tenant.value().equals(sentTenant.toString())) {
        malformed.add(
            new FieldProblem(
                one.where() + CloudEventAttributes.TENANT,
                "the tenant extension must be the caller's own tenant or absent"));
        continue;
      }
      JsonNode jsonData = null;
      if (bytes != null && isJson(event.getDataContentType())) {
        try {
          jsonData = json.readTree(bytes);
        } catch (JacksonException e) {
          malformed.add(
              new FieldProblem(
                  one.where() + "data",
                  "not valid JSON, though the datacontenttype is "
                      + (event.getDataContentType() == null
                          ? "absent (which means application/json)"
                          : event.getDataContentType())));
          continue;
        }
      }
      Optional<EventTypeView> eventType =
          typeByName.computeIfAbsent(event.getType(), type -> schemas.of(tenant, type));
      if (eventType.isPresent() && eventType.get().retiredAt() != null) {
        rejected.add(
            new FieldProblem(
                one.where() + "type",
                "type '"
                    + event.getType()
                    + "' was retired at "
                    + eventType.get().retiredAt()
                    + "; events of it are no longer accepted"));
        continue;
      }
      Optional<JsonNode> schema = eventType.map(EventTypeView::schema);
      if (schema.isPresent() && (jsonData != null || bytes == null)) {
        JsonNode value = jsonData == null ? NullNode.getInstance() : jsonData;
        for (SchemaChecker.Violation violation : checker.violations(schema.get(), value)) {
          rejected.add(
              new FieldProblem(
                  one.where() + "data" + violation.path().substring(1), violation.message()));
        }
      } else if (schema.isPresent()) {
        rejected.add(
            new FieldProblem(
                one.where() + "data",
                "type '" + event.getType() + "' has a JSON Schema, so its data must be JSON"));
      }
      admitted.add(newEvent(event, jsonData, jsonData == null ? bytes : null));
    }
    if (!malformed.isEmpty()) {
      throw new InvalidRequestException(malformed);
    }
    if (!rejected.isEmpty()) {
      throw new EventRejectedException(rejected);
    }
    return admitted;
  }

  private NewEvent newEvent(CloudEvent event, JsonNode jsonData, byte[] otherData) {
    Map<String, String> extensions = new LinkedHashMap<>();
    for (String name : event.getExtensionNames()) {
      if (!name.equals(CloudEventAttributes.TENANT)) {
        extensions.put(name, String.valueOf(event.getExtension(name)));
      }
    }
    // CloudEvents' distributed tracing extension: an event sent without one joins the trace of
    // the request that brought it, so the runs it starts continue that trace.
    String requestTrace = traceparent.current();
    if (requestTrace != null) {
      extensions.putIfAbsent(CloudEventAttributes.TRACEPARENT, requestTrace);
    }
    return new NewEvent(
        event.getSource().toString(),
        event.getId(),
        event.getType(),
        event.getSubject(),
        event.getTime() == null ? null : event.getTime().toInstant(),
        event.getDataContentType(),
        event.getDataSchema() == null ? null : event.getDataSchema().toString(),
        jsonData == null ? null : json.writeValueAsString(jsonData),
        otherData,
        extensions);
  }

  /**
   * JSON as the JSON event format defines it: absent, {@code application/json} or {@code +json}.
   */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return true;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || mediaType.equals("text/json")
        || mediaType.endsWith("+json");
  }
}
