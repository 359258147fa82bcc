package io.flowmesh.benchmarks;

import java.util.Arrays;

/** Percentiles of latencies in nanoseconds, printed in milliseconds. */
final class Stats {

  private final long[] sorted;

  Stats(long[] nanos) {
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  double percentileMillis(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  @Override
  public String toString() {
    return String.format(
        "n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms p99.9=%.1f ms max=%.1f ms",
        sorted.length,
        percentileMillis(50),
        percentileMillis(90),
        percentileMillis(99),
        percentileMillis(99.9),
        percentileMillis(100));
  }
}
