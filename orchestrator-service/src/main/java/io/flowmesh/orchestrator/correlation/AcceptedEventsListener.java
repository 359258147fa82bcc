package io.flowmesh.orchestrator.correlation;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.event.EventAccepted;
import io.flowmesh.orchestrator.correlation.BufferedEvents.Buffered;
import io.flowmesh.orchestrator.correlation.Correlator.Name;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the events event-service accepted and correlates a poll's worth in one transaction. The
 * tenant comes from the record's {@code tenant} attribute and must be the payload's: an event is
 * only ever matched with waits of its own tenant. A record that is not a readable accepted event is
 * logged and skipped; a database failure fails the poll, which is delivered again (and changes
 * nothing for the events it had buffered).
 */
@Component
@ConditionalOnProperty(
    name = "flowmesh.orchestrator.correlation.enabled",
    havingValue = "true",
    matchIfMissing = true)
class AcceptedEventsListener {

  private static final Logger log = LoggerFactory.getLogger(AcceptedEventsListener.class);

  private final Correlator correlator;
  private final JsonMapper json;

  AcceptedEventsListener(Correlator correlator, JsonMapper json) {
    this.correlator = correlator;
    this.json = json;
  }

  @KafkaListener(
      topics = Topics.ACCEPTED_EVENTS,
      groupId = "${flowmesh.orchestrator.consumer-group:orchestrator}-correlation")
  void onEvents(List<ConsumerRecord<String, byte[]>> records) {
    Map<Name, List<Buffered>> byName = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      EventAccepted accepted;
      try {
        InboundEvent event = CloudEventRecords.read(record);
        if (!EventTypes.EVENT_ACCEPTED.equals(event.type())) {
          continue;
        }
        accepted = json.readValue(event.data(), EventAccepted.class);
        if (event.tenant() == null || !event.tenant().equals(accepted.tenant())) {
          log.warn("Skipping accepted event {}: its tenant is missing or not its own", event.id());
          continue;
        }
      } catch (RuntimeException e) {
        log.error(
            "Skipping unreadable record {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset(),
            e);
        continue;
      }
      byName
          .computeIfAbsent(
              new Name(TenantId.of(accepted.tenant()), accepted.type()), n -> new ArrayList<>())
          .add(new Buffered(accepted.storedId(), accepted.type(), cloudEvent(accepted)));
    }
    if (!byName.isEmpty()) {
      correlator.arrived(byName);
    }
  }

  /** The event as a waiting node sees it: its output, and {@code event} in correlations. */
  private String cloudEvent(EventAccepted accepted) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", accepted.id());
    event.put("source", accepted.source());
    event.put("type", accepted.type());
    if (accepted.subject() != null) {
      event.put("subject", accepted.subject());
    }
    if (accepted.time() != null) {
      event.put("time", accepted.time().toString());
    }
    if (accepted.data() != null) {
      event.put("data", accepted.data());
    }
    return json.writeValueAsString(event);
  }

  @Configuration(proxyBeanMethods = false)
  static class Topic {

    @Bean
    NewTopic acceptedEventsTopic() {
      return TopicBuilder.name(Topics.ACCEPTED_EVENTS).partitions(6).replicas(1).build();
    }
  }
}
