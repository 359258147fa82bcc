package io.flowmesh.events.ingest;

import io.flowmesh.events.runs.RunEnd;
import io.flowmesh.events.runs.RunEnds;
import io.flowmesh.events.store.EventOrigin;
import io.flowmesh.events.store.NewEvent;
import io.flowmesh.events.trigger.Evaluations;
import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRefused;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events from inside the platform, stored as events sent to the API are, without an HTTP hop: those
 * of publish-event nodes ({@link Topics#EVENTS}) and the runs' lifecycle events ({@link
 * Topics#RUN_EVENTS}). Run lifecycle events also fire triggers, with their run's depth in a chain
 * (see {@link EventIngestion}), and a run's end is noted for the runs event-service started. The
 * orchestrator's refusals of runs that triggers asked for ({@code run.start-refused}) are recorded
 * on the triggers' evaluations. Node events ({@code io.flowmesh.run.node.*}, several per step) are
 * left out unless {@code flowmesh.events.platform.node-events} is true: a run's history has them
 * already.
 *
 * <p>A poll is one transaction per tenant. A redelivered record is absorbed by the store, which
 * keeps each source and id once; a record that is not a CloudEvent with a tenant is logged and
 * skipped; a database failure fails the poll, which is delivered again.
 */
@Component
class PlatformEventsListener {

  private static final Logger log = LoggerFactory.getLogger(PlatformEventsListener.class);

  private static final String NODE_EVENTS = "io.flowmesh.run.node.";

  private static final Map<String, String> RUN_ENDS =
      Map.of(
          EventTypes.RUN_COMPLETED, "completed",
          EventTypes.RUN_FAILED, "failed",
          EventTypes.RUN_CANCELLED, "cancelled");

  private final EventIngestion ingestion;
  private final Evaluations evaluations;
  private final RunEnds runEnds;
  private final JsonMapper json;
  private final boolean nodeEvents;

  PlatformEventsListener(
      EventIngestion ingestion,
      Evaluations evaluations,
      RunEnds runEnds,
      JsonMapper json,
      @Value("${flowmesh.events.platform.node-events:false}") boolean nodeEvents) {
    this.ingestion = ingestion;
    this.evaluations = evaluations;
    this.runEnds = runEnds;
    this.json = json;
    this.nodeEvents = nodeEvents;
  }

  @KafkaListener(
      topics = {Topics.EVENTS, Topics.RUN_EVENTS},
      groupId = "${flowmesh.events.consumer-group:event-service}")
  void onEvents(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, List<NewEvent>> published = new LinkedHashMap<>();
    Map<String, List<NewEvent>> ofRuns = new LinkedHashMap<>();
    List<InboundEvent> ends = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      String type = CloudEventRecords.attribute(record, "type");
      if (type != null && !wanted(type)) {
        continue;
      }
      InboundEvent event;
      try {
        event = CloudEventRecords.read(record);
      } catch (RuntimeException e) {
        log.warn(
            "Skipping record {}-{}@{}: not a readable CloudEvent ({})",
            record.topic(),
            record.partition(),
            record.offset(),
            e.toString());
        continue;
      }
      if (event.tenant() == null || event.tenant().isBlank() || !wanted(event.type())) {
        continue;
      }
      if (event.type().equals(EventTypes.RUN_START_REFUSED)) {
        refused(event);
        continue;
      }
      Map<String, List<NewEvent>> byTenant =
          record.topic().equals(Topics.RUN_EVENTS) ? ofRuns : published;
      byTenant.computeIfAbsent(event.tenant(), t -> new ArrayList<>()).add(newEvent(event));
      if (RUN_ENDS.containsKey(event.type()) && event.subject() != null) {
        ends.add(event);
      }
    }
    published.forEach(
        (tenant, events) -> ingestion.accept(TenantId.of(tenant), EventOrigin.PLATFORM, events));
    ofRuns.forEach((tenant, events) -> ingestion.acceptRunEvents(TenantId.of(tenant), events));
    Map<String, List<RunEnd>> endsByTenant = new LinkedHashMap<>();
    for (InboundEvent end : ends) {
      endsByTenant
          .computeIfAbsent(end.tenant(), tenant -> new ArrayList<>())
          .add(
              new RunEnd(
                  end.subject(),
                  RUN_ENDS.get(end.type()),
                  end.time() == null ? Instant.now() : end.time().toInstant()));
    }
    endsByTenant.forEach((tenant, runs) -> runEnds.ended(TenantId.of(tenant), runs));
  }

  private boolean wanted(String type) {
    return nodeEvents || !type.startsWith(NODE_EVENTS);
  }

  /** The answer to a start a trigger asked for: recorded on its evaluation, not stored. */
  private void refused(InboundEvent event) {
    try {
      RunStartRefused refused = json.readValue(event.data(), RunStartRefused.class);
      TenantId tenant = TenantId.of(event.tenant());
      evaluations.refused(tenant, refused.runId(), refused.code() + ": " + refused.reason());
      runEnds.ended(tenant, refused.runId(), "refused", Instant.now());
    } catch (JacksonException e) {
      log.warn("Skipping unreadable {} {}: {}", event.type(), event.id(), e.toString());
    }
  }

  private NewEvent newEvent(InboundEvent event) {
    Map<String, String> extensions = new LinkedHashMap<>();
    if (event.traceparent() != null) {
      extensions.put(CloudEventAttributes.TRACEPARENT, event.traceparent());
    }
    byte[] data = event.data();
    boolean isJson = data != null && data.length > 0 && isJson(data);
    return new NewEvent(
        event.source(),
        event.id(),
        event.type(),
        event.subject(),
        event.time() == null ? null : event.time().toInstant(),
        CloudEventAttributes.JSON,
        null,
        isJson ? new String(data, StandardCharsets.UTF_8) : null,
        isJson || data == null || data.length == 0 ? null : data,
        extensions);
  }

  /** The platform sends JSON; anything else is kept as bytes rather than fail the poll forever. */
  private boolean isJson(byte[] data) {
    try {
      json.readTree(data);
      return true;
    } catch (JacksonException e) {
      return false;
    }
  }
}
