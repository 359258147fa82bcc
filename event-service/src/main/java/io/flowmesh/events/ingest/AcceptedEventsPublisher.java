package io.flowmesh.events.ingest;

import io.flowmesh.events.store.AcceptedEvent;
import io.flowmesh.events.store.NewEvent;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.event.EventAccepted;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes each event stored for the first time on {@link Topics#ACCEPTED_EVENTS}, through the
 * outbox in the transaction that stores it: published if and only if stored, and once per stored
 * event, since a duplicate (same source and id) is not stored again. The orchestrator correlates
 * them with waiting runs (ADR 0036).
 *
 * <p>Events of the platform's own types ({@code io.flowmesh.*}: the runs' lifecycle events) are
 * left out: a run waits for those through a sub-workflow, and publishing every step of every run
 * again would double the platform's traffic for nothing a workflow can name.
 */
@Component
class AcceptedEventsPublisher {

  private static final String PLATFORM_TYPES = "io.flowmesh.";

  private final Outbox outbox;
  private final JsonMapper json;

  AcceptedEventsPublisher(Outbox outbox, JsonMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  /** Appends one message per event stored for the first time, in the caller's transaction. */
  void published(TenantId tenant, List<NewEvent> events, List<AcceptedEvent> accepted) {
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      NewEvent event = events.get(i);
      AcceptedEvent result = accepted.get(i);
      if (result.duplicate() || event.type().startsWith(PLATFORM_TYPES)) {
        continue;
      }
      // keyed by tenant: one tenant's events reach the correlation in the order they were stored
      messages.add(
          new OutboxMessage(
                  Topics.ACCEPTED_EVENTS,
                  tenant.value(),
                  EventTypes.EVENT_ACCEPTED,
                  result.id(),
                  tenant.value(),
                  new EventAccepted(
                      result.id(),
                      tenant.value(),
                      event.eventId(),
                      event.source(),
                      event.type(),
                      event.subject(),
                      event.time(),
                      event.jsonData() == null ? null : json.readTree(event.jsonData())))
              // the trace of the request that sent it, also when another request's thread
              // writes it (group commit)
              .withTraceparent(event.extensions().get(CloudEventAttributes.TRACEPARENT)));
    }
    if (!messages.isEmpty()) {
      outbox.appendAll(messages);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Topic {

    @Bean
    NewTopic acceptedEventsTopic() {
      return TopicBuilder.name(Topics.ACCEPTED_EVENTS).partitions(6).replicas(1).build();
    }
  }
}
