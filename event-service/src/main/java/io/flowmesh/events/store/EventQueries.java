package io.flowmesh.events.store;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads stored events. Every query names the partition key's range ({@code received_at}), taken
 * from the ids it pages by (they encode their acceptance time) and the filter's time range, so
 * PostgreSQL reads only the days that can hold the answer.
 */
@Repository
public class EventQueries {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static final String COLUMNS =
      "id, received_at, origin, source, event_id, type, subject, time, datacontenttype,"
          + " dataschema, data::text AS data, data_base64, extensions::text AS extensions";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  EventQueries(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Optional<StoredEvent> find(TenantId tenant, String id) {
    Optional<Instant> acceptedAt = StoredEventIds.acceptedAt(id);
    if (acceptedAt.isEmpty()) {
      return Optional.empty();
    }
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM events WHERE tenant = :tenant AND received_at = :receivedAt AND id = :id")
        .param("tenant", tenant.value())
        .param("receivedAt", Timestamp.from(acceptedAt.get()))
        .param("id", id)
        .query(this::view)
        .optional();
  }

  /** The events after the page's cursor, oldest first. */
  public List<StoredEvent> list(TenantId tenant, EventFilter filter, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE tenant = :tenant");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("tenant", tenant.value());
    Instant from = filter.from();
    Optional<Instant> after = StoredEventIds.acceptedAt(page.after());
    if (after.isPresent()) {
      sql.append(" AND id > :after");
      params.put("after", page.after());
      from = from == null || after.get().isAfter(from) ? after.get() : from;
    }
    if (from != null) {
      sql.append(" AND received_at >= :from");
      params.put("from", Timestamp.from(from));
    }
    if (filter.to() != null) {
      sql.append(" AND received_at < :to");
      params.put("to", Timestamp.from(filter.to()));
    }
    equal(sql, params, "type", filter.type());
    equal(sql, params, "source", filter.source());
    equal(sql, params, "subject", filter.subject());
    sql.append(" ORDER BY id LIMIT :limit");
    params.put("limit", page.fetchSize());
    return jdbc.sql(sql.toString()).params(params).query(this::view).list();
  }

  private static void equal(
      StringBuilder sql, Map<String, Object> params, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = :").append(column);
      params.put(column, value);
    }
  }

  private StoredEvent view(ResultSet rs, int row) throws SQLException {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", rs.getString("event_id"));
    event.put("source", rs.getString("source"));
    event.put("type", rs.getString("type"));
    putIfPresent(event, "subject", rs.getString("subject"));
    Timestamp time = rs.getTimestamp("time");
    putIfPresent(event, "time", time == null ? null : time.toInstant().toString());
    putIfPresent(event, "datacontenttype", rs.getString("datacontenttype"));
    putIfPresent(event, "dataschema", rs.getString("dataschema"));
    event.putAll(json.readValue(rs.getString("extensions"), MAP));
    String data = rs.getString("data");
    if (data != null) {
      event.put("data", json.readValue(data, Object.class));
    }
    putIfPresent(event, "data_base64", rs.getString("data_base64"));
    return new StoredEvent(
        rs.getString("id"),
        rs.getTimestamp("received_at").toInstant(),
        rs.getString("origin"),
        event);
  }

  private static void putIfPresent(Map<String, Object> event, String name, Object value) {
    if (value != null) {
      event.put(name, value);
    }
  }
}
