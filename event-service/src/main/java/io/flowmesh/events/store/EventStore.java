package io.flowmesh.events.store;

import io.flowmesh.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores accepted events, each (source, id) once per tenant. A batch is one transaction of three
 * statements whatever its size: claim the keys ({@code event_keys}), find who claimed the keys that
 * were taken, insert the events whose keys this batch claimed.
 */
@Repository
public class EventStore {

  private static final String CLAIM_KEYS =
      """
      INSERT INTO event_keys (tenant, source, event_id, id, received_at)
      SELECT :tenant, k.source, k.event_id, k.id, k.received_at
      FROM unnest(CAST(:sources AS text[]), CAST(:eventIds AS text[]), CAST(:ids AS text[]),
                  CAST(CAST(:receivedAts AS text[]) AS timestamptz[]))
           AS k(source, event_id, id, received_at)
      ON CONFLICT DO NOTHING
      RETURNING id
      """;

  private static final String CLAIMS =
      """
      SELECT source, event_id, id FROM event_keys
      WHERE tenant = :tenant
        AND (source, event_id) IN (
          SELECT * FROM unnest(CAST(:sources AS text[]), CAST(:eventIds AS text[])))
      """;

  private static final String INSERT_EVENTS =
      """
      INSERT INTO events (tenant, id, received_at, source, event_id, type, subject, time,
                          datacontenttype, dataschema, data, data_base64, extensions, origin)
      SELECT :tenant, e.id, e.received_at, e.source, e.event_id, e.type, e.subject, e.time,
             e.datacontenttype, e.dataschema, e.data, e.data_base64, e.extensions, :origin
      FROM unnest(CAST(:ids AS text[]), CAST(CAST(:receivedAts AS text[]) AS timestamptz[]),
                  CAST(:sources AS text[]), CAST(:eventIds AS text[]), CAST(:types AS text[]),
                  CAST(:subjects AS text[]), CAST(CAST(:times AS text[]) AS timestamptz[]),
                  CAST(:contentTypes AS text[]), CAST(:dataSchemas AS text[]),
                  CAST(CAST(:data AS text[]) AS jsonb[]), CAST(:dataBase64 AS text[]),
                  CAST(CAST(:extensions AS text[]) AS jsonb[]))
           AS e(id, received_at, source, event_id, type, subject, time, datacontenttype,
                dataschema, data, data_base64, extensions)
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final EventPartitions partitions;

  EventStore(JdbcClient jdbc, JsonMapper json, EventPartitions partitions) {
    this.jdbc = jdbc;
    this.json = json;
    this.partitions = partitions;
  }

  /**
   * Stores the events that were not stored before, in one transaction.
   *
   * @return one entry per event, in order; a duplicate (in the store already, or earlier in the
   *     batch) names the stored id of the first
   */
  @Transactional
  public List<AcceptedEvent> store(TenantId tenant, EventOrigin origin, List<NewEvent> events) {
    int n = events.size();
    String[] ids = new String[n];
    String[] receivedAts = new String[n];
    String[] sources = new String[n];
    String[] eventIds = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = StoredEventIds.next();
      Instant receivedAt = StoredEventIds.acceptedAt(ids[i]).orElseThrow();
      if (i == 0 || !receivedAt.toString().regionMatches(0, receivedAts[i - 1], 0, 10)) {
        partitions.ensure(receivedAt); // once per day the batch spans
      }
      receivedAts[i] = receivedAt.toString();
      sources[i] = events.get(i).source();
      eventIds[i] = events.get(i).eventId();
    }
    Set<String> claimed =
        new HashSet<>(
            jdbc.sql(CLAIM_KEYS)
                .param("tenant", tenant.value())
                .param("sources", sources)
                .param("eventIds", eventIds)
                .param("ids", ids)
                .param("receivedAts", receivedAts)
                .query(String.class)
                .list());
    Map<List<String>, String> firstIds = claimed.size() == n ? Map.of() : claims(tenant, events);
    List<AcceptedEvent> accepted = new ArrayList<>(n);
    List<Integer> toInsert = new ArrayList<>(claimed.size());
    for (int i = 0; i < n; i++) {
      if (claimed.contains(ids[i])) {
        accepted.add(new AcceptedEvent(ids[i], sources[i], eventIds[i], false));
        toInsert.add(i);
      } else {
        String first = firstIds.get(List.of(sources[i], eventIds[i]));
        accepted.add(new AcceptedEvent(first, sources[i], eventIds[i], true));
      }
    }
    if (!toInsert.isEmpty()) {
      insert(tenant, origin, events, ids, receivedAts, toInsert);
    }
    return accepted;
  }

  private Map<List<String>, String> claims(TenantId tenant, List<NewEvent> events) {
    Map<List<String>, String> claims = new HashMap<>();
    jdbc.sql(CLAIMS)
        .param("tenant", tenant.value())
        .param("sources", events.stream().map(NewEvent::source).toArray(String[]::new))
        .param("eventIds", events.stream().map(NewEvent::eventId).toArray(String[]::new))
        .query(
            rs -> {
              claims.put(List.of(rs.getString(1), rs.getString(2)), rs.getString(3));
            });
    return claims;
  }

  private void insert(
      TenantId tenant,
      EventOrigin origin,
      List<NewEvent> events,
      String[] ids,
      String[] receivedAts,
      List<Integer> rows) {
    int n = rows.size();
    String[][] columns = new String[12][n];
    for (int j = 0; j < n; j++) {
      int i = rows.get(j);
      NewEvent event = events.get(i);
      columns[0][j] = ids[i];
      columns[1][j] = receivedAts[i];
      columns[2][j] = event.source();
      columns[3][j] = event.eventId();
      columns[4][j] = event.type();
      columns[5][j] = event.subject();
      columns[6][j] = event.time() == null ? null : event.time().toString();
      columns[7][j] = event.dataContentType();
      columns[8][j] = event.dataSchema();
      columns[9][j] = event.jsonData();
      columns[10][j] =
          event.binaryData() == null
              ? null
              : Base64.getEncoder().encodeToString(event.binaryData());
      columns[11][j] = json.writeValueAsString(event.extensions());
    }
    jdbc.sql(INSERT_EVENTS)
        .param("tenant", tenant.value())
        .param("origin", origin.column())
        .param("ids", columns[0])
        .param("receivedAts", columns[1])
        .param("sources", columns[2])
        .param("eventIds", columns[3])
        .param("types", columns[4])
        .param("subjects", columns[5])
        .param("times", columns[6])
        .param("contentTypes", columns[7])
        .param("dataSchemas", columns[8])
        .param("data", columns[9])
        .param("dataBase64", columns[10])
        .param("extensions", columns[11])
        .update();
  }
}
