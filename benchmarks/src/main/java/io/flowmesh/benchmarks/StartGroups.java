package io.flowmesh.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(orchestratorUrl + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new Snapshot(value(metrics, METER + "_count"), value(metrics, METER + "_sum"));
  }

  static void print(Snapshot before, Snapshot after) {
    double groups = after.groups() - before.groups();
    double starts = after.starts() - before.starts();
    System.out.printf(
        "start groups      : %.0f starts in %.0f transactions, %.2f starts per transaction%n",
        starts, groups, groups == 0 ? 0 : starts / groups);
  }

  /** A sample's value; 0 when the meter is missing (a start written before it registered). */
  private static double value(String metrics, String sample) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(sample + " ") || line.startsWith(sample + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
