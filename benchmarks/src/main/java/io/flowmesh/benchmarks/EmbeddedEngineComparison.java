package io.flowmesh.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Flowmesh beside an embedded engine (issue 33): reads the figures the two benchmarks wrote, one
 * after the other in the same sitting ({@code -Dbenchmark=embedded-engine-comparison}), and prints
 * them side by side with the ratios Flowmesh / Flowable. How the two are made comparable: ADR 0055.
 */
public final class EmbeddedEngineComparison {

  private EmbeddedEngineComparison() {}

  /** {@code <flowmesh figures file> <flowable figures file>}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "Usage: EmbeddedEngineComparison <flowmesh figures> <flowable figures>");
    }
    EngineFigures flowmesh = EngineFigures.read(Path.of(args[0]));
    EngineFigures flowable = EngineFigures.read(Path.of(args[1]));
    System.out.println("load average now  : " + MachineFacts.loadAverage());
    table(flowmesh, flowable).forEach(System.out::println);
  }

  /** The side-by-side table: one row per figure, then when and under what load each was taken. */
  static List<String> table(EngineFigures flowmesh, EngineFigures other) {
    List<String> lines = new ArrayList<>();
    String format = "%-36s %12s %12s %12s  %s";
    lines.add(
        String.format(
            Locale.ROOT,
            format,
            "figure",
            flowmesh.engine(),
            other.engine(),
            "ratio",
            "issue 33's target"));
    lines.add(
        row(
            format,
            "completed runs/s, saturated",
            "%.0f",
            flowmesh.runsPerSecond(),
            other.runsPerSecond(),
            "ratio >= 2"));
    lines.add(
        row(
            format,
            "p50 start-to-complete at 50/s (ms)",
            "%.1f",
            flowmesh.steadyP50Millis(),
            other.steadyP50Millis(),
            "Flowmesh < 15 ms"));
    lines.add(
        row(
            format,
            "p99 start-to-complete at 50/s (ms)",
            "%.1f",
            flowmesh.steadyP99Millis(),
            other.steadyP99Millis(),
            "ratio <= 1"));
    lines.add(
        row(
            format,
            "CPU ms per run at 50/s",
            "%.2f",
            flowmesh.steadyCpuMillisPerRun(),
            other.steadyCpuMillisPerRun(),
            ""));
    lines.add(
        row(
            format,
            "CPU ms per run, saturated",
            "%.2f",
            flowmesh.saturationCpuMillisPerRun(),
            other.saturationCpuMillisPerRun(),
            ""));
    lines.add("ratio = " + flowmesh.engine() + " / " + other.engine());
    for (EngineFigures figures : List.of(flowmesh, other)) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-9s finished %s, load average at its start %s",
              figures.engine(),
              figures.measuredAt(),
              figures.loadAverage()));
    }
    return lines;
  }

  private static String row(
      String format, String name, String number, double ours, double theirs, String target) {
    return String.format(
            Locale.ROOT,
            format,
            name,
            String.format(Locale.ROOT, number, ours),
            String.format(Locale.ROOT, number, theirs),
            ratio(ours, theirs),
            target)
        .stripTrailing();
  }

  /** Two decimals, or "n/a" when the denominator is zero or either figure is missing. */
  static String ratio(double ours, double theirs) {
    if (theirs == 0 || Double.isNaN(ours) || Double.isNaN(theirs)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f", ours / theirs);
  }
}
