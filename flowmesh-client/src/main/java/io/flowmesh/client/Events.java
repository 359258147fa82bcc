package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends CloudEvents to {@code /api/v1/events} (structured mode, or batch mode for several), where
 * triggers start runs from them and waiting runs are resumed by them.
 */
public final class Events {

  private final Transport transport;

  Events(Transport transport) {
    this.transport = transport;
  }

  /**
   * A CloudEvent 1.0. Build with {@link #of} and the {@code with} methods.
   *
   * @param id unique per source; the store keeps one event per source and id, so a resend is a
   *     duplicate, not a second event
   * @param subject what the event is about, if anything
   * @param time when it happened; null for none
   * @param data the event's data: any JSON-serializable value
   * @param extensions further context attributes (lower-case names)
   */
  public record CloudEvent(
      String id,
      String source,
      String type,
      String subject,
      OffsetDateTime time,
      Object data,
      Map<String, Object> extensions) {

    /** An event with a generated id. */
    public static CloudEvent of(String source, String type, Object data) {
      return new CloudEvent(UUID.randomUUID().toString(), source, type, null, null, data, Map.of());
    }

    /** The same event with this id. */
    public CloudEvent withId(String eventId) {
      return new CloudEvent(eventId, source, type, subject, time, data, extensions);
    }

    /** The same event with this subject. */
    public CloudEvent withSubject(String about) {
      return new CloudEvent(id, source, type, about, time, data, extensions);
    }

    Map<String, Object> structured() {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("specversion", "1.0");
      event.put("id", id);
      event.put("source", source);
      event.put("type", type);
      if (subject != null) {
        event.put("subject", subject);
      }
      if (time != null) {
        event.put("time", time.toString());
      }
      if (data != null) {
        event.put("datacontenttype", "application/json");
        event.put("data", data);
      }
      if (extensions != null) {
        extensions.forEach(event::putIfAbsent);
      }
      return event;
    }
  }

  /**
   * How the store took one event.
   *
   * @param id the stored event's id ({@code evt_...})
   * @param eventId the CloudEvents id it was sent with
   * @param duplicate true when the source and id were stored before: nothing new happened
   */
  public record AcceptedEvent(String id, String source, String eventId, boolean duplicate) {}

  /** What a send answers: one entry per event, in the order sent. */
  public record Accepted(List<AcceptedEvent> events) {}

  /** Sends one event. Safe to send again: the store deduplicates by source and id. */
  public Accepted send(CloudEvent event) {
    return transport.send(
        Call.post("/api/v1/events", event.structured(), null, Safety.REPEATABLE)
            .withContentType("application/cloudevents+json"),
        Accepted.class);
  }

  /** Sends several events in one request (at most 1,000); all are stored or none. */
  public Accepted sendBatch(List<CloudEvent> events) {
    return transport.send(
        Call.post(
                "/api/v1/events",
                events.stream().map(CloudEvent::structured).toList(),
                null,
                Safety.REPEATABLE)
            .withContentType("application/cloudevents-batch+json"),
        Accepted.class);
  }
}
