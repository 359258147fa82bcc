package io.flowmesh.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a paced phase's slow runs come from: whether they cluster in a few seconds (a stall: a
 * checkpoint, a vacuum, a pause) or spread over the whole phase (a steady cost), and what the
 * database did in the background meanwhile.
 */
final class SlowRuns {

  /** The database's background work so far: checkpoints and autovacuum or autoanalyze passes. */
  record Background(long checkpoints, long autovacuums, long autoanalyzes) {}

  /** The phase's first second (the slow seconds count from it) and its slowest seconds. */
  record Phase(long startEpochSecond, List<Integer> worstSeconds) {}

  private SlowRuns() {}

  static Background background(DurablePostgres postgres) throws SQLException {
    try (Connection connection = postgres.connect("flowmesh");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT (SELECT num_timed + num_requested FROM pg_stat_checkpointer),"
                    + " sum(autovacuum_count), sum(autoanalyze_count) FROM pg_stat_all_tables")) {
      rs.next();
      return new Background(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  /**
   * Prints the seconds of the phase (by start time) whose slowest run took longest, and how many of
   * the runs slower than the phase's p99 started in them.
   */
  static Phase print(DurablePostgres postgres, List<String> runIds, Background before)
      throws SQLException {
    Background after = background(postgres);
    System.out.printf(
        "  background      : %d checkpoints, %d autovacuums, %d autoanalyzes during the phase%n",
        after.checkpoints() - before.checkpoints(),
        after.autovacuums() - before.autovacuums(),
        after.autoanalyzes() - before.autoanalyzes());
    printBackgroundPasses(postgres, runIds);
    long start = printPhaseStart(postgres, runIds);
    List<Integer> worst = new ArrayList<>();
    String worstSeconds =
        """
        WITH r AS (
          SELECT started_at, 1000 * extract(epoch FROM completed_at - started_at) ms
          FROM orchestrator.runs WHERE id = ANY(?)),
        tail AS (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) p99 FROM r),
        s AS (
          SELECT extract(epoch FROM date_trunc('second', started_at)
                   - (SELECT date_trunc('second', min(started_at)) FROM r))::int start_second,
                 count(*) runs, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) p50, max(ms) worst,
                 count(*) FILTER (WHERE ms > (SELECT p99 FROM tail)) slow
          FROM r GROUP BY 1)
        SELECT start_second, runs, p50, worst, slow, (SELECT count(*) FROM r, tail WHERE ms > p99)
        FROM s ORDER BY worst DESC LIMIT 5
        """;
    RunQuery.forEachRow(
        postgres,
        worstSeconds,
        runIds,
        row -> {
          worst.add(row.getInt(1));
          System.out.printf(
              "  slow second     : +%ds %d runs, p50 %.0f ms, slowest %.0f ms, %d of the %d runs"
                  + " above p99%n",
              row.getInt(1),
              row.getLong(2),
              row.getDouble(3),
              row.getDouble(4),
              row.getLong(5),
              row.getLong(6));
        });
    return new Phase(start, worst);
  }

  /** The wall-clock second that the slow seconds count from, to match against logs. */
  private static long printPhaseStart(DurablePostgres postgres, List<String> runIds)
      throws SQLException {
    long[] start = new long[1];
    RunQuery.forEachRow(
        postgres,
        "SELECT to_char(date_trunc('second', min(started_at)) AT TIME ZONE 'UTC',"
            + " 'YYYY-MM-DD HH24:MI:SS'), extract(epoch FROM date_trunc('second', min(started_at)))"
            + " FROM orchestrator.runs WHERE id = ANY(?)",
        runIds,
        row -> {
          start[0] = row.getLong(2);
          System.out.printf("  phase start     : %s UTC is +0s below%n", row.getString(1));
        });
    return start[0];
  }

  /**
   * The tables whose last autovacuum or autoanalyze pass ended during the phase, with the second it
   * ended in (the same clock as the slow seconds).
   */
  private static void printBackgroundPasses(DurablePostgres postgres, List<String> runIds)
      throws SQLException {
    String passes =
        """
        WITH phase AS (
          SELECT date_trunc('second', min(started_at)) AS phase_start, max(completed_at) AS phase_end
          FROM orchestrator.runs WHERE id = ANY(?)),
        pass(relation, kind, ended) AS (
          SELECT schemaname || '.' || relname, 'autovacuum', last_autovacuum FROM pg_stat_all_tables
          UNION ALL
          SELECT schemaname || '.' || relname, 'autoanalyze', last_autoanalyze FROM pg_stat_all_tables)
        SELECT relation, kind, extract(epoch FROM ended - phase_start)::int
        FROM pass, phase WHERE ended BETWEEN phase_start AND phase_end ORDER BY ended
        """;
    RunQuery.forEachRow(
        postgres,
        passes,
        runIds,
        row ->
            System.out.printf(
                "  background pass : %s of %s ended at +%ds%n",
                row.getString(2), row.getString(1), row.getInt(3)));
  }
}
