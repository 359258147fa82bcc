package io.flowmesh.benchmarks;

import java.net.http.HttpClient;

/**
 * How the orchestrator grouped run starts into transactions (group commit, ADR 0015), from the
 * {@code flowmesh.orchestrator.run.start.group.size} summary on its Prometheus endpoint.
 */
final class StartGroups {

  private static final String METER = "flowmesh_orchestrator_run_start_group_size_starts";

  /** Groups written and starts in them so far. */
  record Snapshot(double groups, double starts) {}

  private StartGroups() {}

  static Snapshot snapshot(HttpClient http, String orchestratorUrl) throws Exception {
    Prometheus metrics = Prometheus.scrape(http, orchestratorUrl);
    // 0 while the meter is missing (no start written since the orchestrator started)
    return new Snapshot(metrics.sum(METER + "_count"), metrics.sum(METER + "_sum"));
  }

  static void print(Snapshot before, Snapshot after) {
    double groups = after.groups() - before.groups();
    double starts = after.starts() - before.starts();
    System.out.printf(
        "start groups      : %.0f starts in %.0f transactions, %.2f starts per transaction%n",
        starts, groups, groups == 0 ? 0 : starts / groups);
  }
}
