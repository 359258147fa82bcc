package io.flowmesh.webhooks.delivery;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.webhooks.subscription.ActiveSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes run lifecycle events, a poll at a time. Offsets are committed after the poll's
 * deliveries committed; a redelivered poll is absorbed by the deliveries' unique (subscription,
 * event id). A record that is not a CloudEvent is logged and skipped, never blocking the partition.
 *
 * <p>Most run events have no subscriber (every run emits about a dozen). A record's tenant and type
 * are read from its CloudEvents headers first, and only records some active subscription of their
 * tenant wants are parsed and handed to the ingesting transaction; a poll nobody wants costs one
 * query.
 */
@Component
class RunEventsListener {

  private static final Logger log = LoggerFactory.getLogger(RunEventsListener.class);

  private final Ingestion ingestion;

  RunEventsListener(Ingestion ingestion) {
    this.ingestion = ingestion;
  }

  /** A record with the attributes that decide whether anyone wants it. */
  private record Candidate(
      ConsumerRecord<String, byte[]> record, TenantId tenant, String type, InboundEvent parsed) {}

  // The group is configurable only so that tests can run a second, isolated service process.
  // Fetches wait up to 25 ms for 64 KiB of events: a run writes about a dozen, and one fetch
  // (and one poll) per few ms per partition was much of this consumer's and the broker's CPU.
  @KafkaListener(
      topics = Topics.RUN_EVENTS,
      groupId = "${flowmesh.webhooks.consumer-group:webhook-service}",
      properties = {
        "fetch.min.bytes=${flowmesh.webhooks.intake.fetch-min-bytes:65536}",
        "fetch.max.wait.ms=${flowmesh.webhooks.intake.fetch-max-wait-ms:25}"
      })
  void onRunEvents(List<ConsumerRecord<String, byte[]>> records) {
    List<Candidate> candidates = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      TenantId tenant =
          Ingestion.tenantOf(CloudEventRecords.attribute(record, CloudEventAttributes.TENANT));
      String type = CloudEventRecords.attribute(record, "type");
      if (tenant != null && type != null) {
        candidates.add(new Candidate(record, tenant, type, null));
      } else {
        // not in binary mode, or without a tenant: only the event itself can tell
        InboundEvent event = read(record);
        if (event != null) {
          candidates.add(
              new Candidate(record, Ingestion.tenantOf(event.tenant()), event.type(), event));
        }
      }
    }
    Set<TenantId> tenants =
        candidates.stream()
            .map(Candidate::tenant)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    Map<TenantId, List<ActiveSubscription>> subscribers =
        tenants.isEmpty() ? Map.of() : ingestion.subscribersOf(tenants);
    List<InboundEvent> events = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (candidate.tenant() != null && !wanted(subscribers.get(candidate.tenant()), candidate)) {
        continue;
      }
      // An event without a tenant goes on to ingestion, which logs why it skips it.
      InboundEvent event =
          candidate.parsed() != null ? candidate.parsed() : read(candidate.record());
      if (event != null) {
        events.add(event);
      }
    }
    if (!events.isEmpty()) {
      ingestion.ingest(events, subscribers);
    }
  }

  private static boolean wanted(List<ActiveSubscription> subscriptions, Candidate candidate) {
    return subscriptions != null
        && subscriptions.stream().anyMatch(s -> s.filter().matches(candidate.type()));
  }

  private static InboundEvent read(ConsumerRecord<String, byte[]> record) {
    try {
      return CloudEventRecords.read(record);
    } catch (RuntimeException e) {
      log.warn(
          "Skipping record {}-{}@{}: not a readable CloudEvent ({})",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return null;
    }
  }
}
