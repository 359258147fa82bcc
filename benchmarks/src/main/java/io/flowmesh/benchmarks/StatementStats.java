package io.flowmesh.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where PostgreSQL's time goes, per statement, from {@code pg_stat_statements}. Only when {@code
 * bench.pg-stat-statements} is set: {@link DurablePostgres} then preloads the extension.
 */
final class StatementStats {

  private StatementStats() {}

  static boolean enabled() {
    return Boolean.getBoolean("bench.pg-stat-statements");
  }

  /** Starts counting afresh, e.g. after a warm-up. */
  static void reset(DurablePostgres postgres, String database) throws SQLException {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /** The statements that took the most time since the reset, per unit of work (a run, ...). */
  static void print(DurablePostgres postgres, String database, long units, String unit)
      throws SQLException {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT calls, rows, total_exec_time, 100 * total_exec_time / sum(total_exec_time)"
                    + " OVER (), left(regexp_replace(query, '\\s+', ' ', 'g'), 110),"
                    + " wal_bytes / greatest(calls, 1), shared_blks_dirtied::float / greatest(calls, 1)"
                    + " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 30")) {
      System.out.println("   statements by execution time since the reset (pg_stat_statements):");
      while (rs.next()) {
        System.out.printf(
            "   %5.1f%% %7.1f us/%s %5.2f calls/%s %8d rows %7.0f WAL B/call %5.1f dirtied/call  %s%n",
            rs.getDouble(4),
            rs.getDouble(3) * 1000 / units,
            unit,
            (double) rs.getLong(1) / units,
            unit,
            rs.getLong(2),
            rs.getDouble(6),
            rs.getDouble(7),
            rs.getString(5));
      }
    }
  }
}
