package io.flowmesh.orchestrator.run;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What the run ITs read straight from the orchestrator's tables to check what the API hides. */
final class RunTables {

  private final JdbcClient jdbc;

  RunTables(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The status of the node's latest attempt; empty if it has none. */
  String nodeStatus(String runId, String nodeId) {
    return jdbc.sql(
            "SELECT status FROM node_executions WHERE run_id = :run AND node_id = :node"
                + " ORDER BY attempt DESC LIMIT 1")
        .param("run", runId)
        .param("node", nodeId)
        .query(String.class)
        .optional()
        .orElse("");
  }

  /** How many attempts of the node exist. */
  int attempts(String runId, String nodeId) {
    return jdbc.sql("SELECT count(*) FROM node_executions WHERE run_id = :run AND node_id = :node")
        .param("run", runId)
        .param("node", nodeId)
        .query(Integer.class)
        .single();
  }

  /** How many results a paused run holds for its resume. */
  int heldOutcomes(String runId) {
    return jdbc.sql("SELECT count(*) FROM run_held_outcomes WHERE run_id = :run")
        .param("run", runId)
        .query(Integer.class)
        .single();
  }
}
