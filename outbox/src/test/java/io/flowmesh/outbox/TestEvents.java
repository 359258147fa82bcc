package io.flowmesh.outbox;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

/** Reads consumed test records the way a consumer would: by CloudEvent id, deduplicated. */
final class TestEvents {

  private TestEvents() {}

  static long distinctIds(List<ConsumerRecord<String, byte[]>> records) {
    Set<String> ids = new HashSet<>();
    records.forEach(record -> ids.add(CloudEventRecords.read(record).id()));
    return ids.size();
  }

  /**
   * Each key's sequence numbers in the order the consumer saw them, each event id counted once (a
   * consumer absorbs a redelivery by its id; order must hold for the first delivery).
   */
  static Map<String, List<Long>> sequencesPerKey(
      List<ConsumerRecord<String, byte[]>> records, JsonMapper json) {
    Map<String, List<Long>> perKey = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      InboundEvent event = CloudEventRecords.read(record);
      if (seen.add(event.id())) {
        TestPayload payload = json.readValue(event.data(), TestPayload.class);
        if (!payload.key().equals(record.key())) {
          throw new AssertionError("record key " + record.key() + " carries " + payload);
        }
        perKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(payload.n());
      }
    }
    return perKey;
  }
}
