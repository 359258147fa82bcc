package io.flowmesh.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** A query over a phase's runs: its one parameter is the runs' ids, as an array. */
final class RunQuery {

  /** Reads one row of the answer. */
  @FunctionalInterface
  interface Row {
    void read(ResultSet row) throws SQLException;
  }

  private RunQuery() {}

  static void forEachRow(DurablePostgres postgres, String sql, List<String> runIds, Row row)
      throws SQLException {
    forEachRow(postgres, "flowmesh", sql, runIds, row);
  }

  /** The same in another database of the server, e.g. the embedded engine's. */
  static void forEachRow(
      DurablePostgres postgres, String database, String sql, List<String> runIds, Row row)
      throws SQLException {
    try (Connection connection = postgres.connect(database);
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, connection.createArrayOf("text", runIds.toArray()));
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          row.read(rs);
        }
      }
    }
  }
}
