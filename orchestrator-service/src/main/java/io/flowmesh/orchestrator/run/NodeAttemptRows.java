package io.flowmesh.orchestrator.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Reads a history row, node attempt or for-each item, from the columns both history queries select:
 * execution id, node id, attempt, status, input, output, error (JSON as text), started, finished,
 * item index and node execution (both null for a node attempt).
 */
final class NodeAttemptRows {

  private NodeAttemptRows() {}

  static NodeAttempt read(ResultSet rs, int row) throws SQLException {
    Timestamp finished = rs.getTimestamp(9);
    return new NodeAttempt(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getTimestamp(8).toInstant(),
        finished == null ? null : finished.toInstant(),
        rs.getObject(10, Integer.class),
        rs.getString(11));
  }
}
