package io.flowmesh.chaos;

import io.flowmesh.launcher.postgres.PostgresConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only queries on the platform's database, for what no API shows: outbox rows not yet
 * published, timers, and the webhook queues' order (each service owns a schema of its own).
 */
final class Database {

  /** A webhook delivery as webhook-service recorded it. */
  record Delivery(String id, String subscriptionId, String key, long seq, String status) {}

  private final PostgresConnection connection;

  Database(PostgresConnection connection) {
    this.connection = connection;
  }

  /** Rows left in every schema's {@code outbox} table, by schema. */
  Map<String, Long> outboxRows() throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection db = open()) {
      List<String> schemas = new ArrayList<>();
      try (ResultSet tables =
          db.createStatement()
              .executeQuery(
                  "SELECT table_schema FROM information_schema.tables"
                      + " WHERE table_name = 'outbox' ORDER BY table_schema")) {
        while (tables.next()) {
          schemas.add(tables.getString(1));
        }
      }
      for (String schema : schemas) {
        try (ResultSet count =
            db.createStatement().executeQuery("SELECT count(*) FROM \"" + schema + "\".outbox")) {
          count.next();
          rows.put(schema, count.getLong(1));
        }
      }
    }
    return rows;
  }

  /** Runs by status, all of them (not only the accepted ones). */
  Map<String, Long> runsByStatus() throws SQLException {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    try (Connection db = open();
        ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "SELECT status, count(*) FROM orchestrator.runs GROUP BY status ORDER BY 1")) {
      while (rows.next()) {
        byStatus.put(rows.getString(1), rows.getLong(2));
      }
    }
    return byStatus;
  }

  /** Status of each of these runs; a run the database does not have is absent. */
  Map<String, String> statuses(List<String> runIds) throws SQLException {
    Map<String, String> statuses = new LinkedHashMap<>();
    try (Connection db = open();
        PreparedStatement query =
            db.prepareStatement("SELECT id, status FROM orchestrator.runs WHERE id = ANY (?)")) {
      query.setArray(1, db.createArrayOf("text", runIds.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          statuses.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return statuses;
  }

  /** Timers that were due more than {@code graceSeconds} ago and have not fired. */
  long overdueTimers(int graceSeconds) throws SQLException {
    try (Connection db = open();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT count(*) FROM orchestrator.timers"
                    + " WHERE due_at < now() - make_interval(secs => ?)")) {
      query.setInt(1, graceSeconds);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Every webhook delivery, by subscription and key, in queue order. */
  List<Delivery> deliveries() throws SQLException {
    List<Delivery> deliveries = new ArrayList<>();
    try (Connection db = open();
        ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "SELECT id, subscription_id, ordering_key, seq, status FROM webhooks.deliveries"
                        + " ORDER BY subscription_id, ordering_key, seq")) {
      while (rows.next()) {
        deliveries.add(
            new Delivery(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getLong(4),
                rows.getString(5)));
      }
    }
    return deliveries;
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection(
        connection.jdbcUrl(), connection.username(), connection.password());
  }
}
