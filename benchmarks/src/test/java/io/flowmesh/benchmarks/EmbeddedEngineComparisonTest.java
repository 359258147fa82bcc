package io.flowmesh.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedEngineComparisonTest {

  private static final EngineFigures FLOWMESH =
      new EngineFigures(
          "Flowmesh",
          400,
          18.0,
          85.5,
          27.41,
          26.09,
          "1.50 1.20 1.00 (1, 5, 15 min)",
          Instant.parse("2026-12-07T21:18:00Z"));
  private static final EngineFigures FLOWABLE =
      new EngineFigures(
          "Flowable",
          200,
          12.0,
          24.0,
          5.0,
          4.0,
          "2.00 1.80 1.60 (1, 5, 15 min)",
          Instant.parse("2026-12-07T21:10:00Z"));

  @Test
  void eachRowShowsBothFiguresAndFlowmeshDividedByTheOtherEngine() {
    List<String> table = EmbeddedEngineComparison.table(FLOWMESH, FLOWABLE);

    assertThat(table.get(0)).contains("Flowmesh", "Flowable", "ratio");
    assertThat(row(table, "completed runs/s")).contains("400", "200", "2.00", "ratio >= 2");
    assertThat(row(table, "p50")).contains("18.0", "12.0", "1.50", "Flowmesh < 15 ms");
    assertThat(row(table, "p99")).contains("85.5", "24.0", "3.56", "ratio <= 1");
    assertThat(row(table, "CPU ms per run at 50/s")).contains("27.41", "5.00", "5.48");
    assertThat(row(table, "CPU ms per run, saturated")).contains("26.09", "4.00", "6.52");
  }

  @Test
  void theTableSaysWhenAndUnderWhatLoadEachEngineWasMeasured() {
    List<String> table = EmbeddedEngineComparison.table(FLOWMESH, FLOWABLE);

    assertThat(row(table, "Flowmesh  finished")).contains("2026-12-07T21:18:00Z", "1.50 1.20 1.00");
    assertThat(row(table, "Flowable  finished")).contains("2026-12-07T21:10:00Z", "2.00 1.80 1.60");
  }

  @Test
  void aRatioOverAZeroOrMissingFigureIsNotANumber() {
    assertThat(EmbeddedEngineComparison.ratio(10, 0)).isEqualTo("n/a");
    assertThat(EmbeddedEngineComparison.ratio(Double.NaN, 3)).isEqualTo("n/a");
    assertThat(EmbeddedEngineComparison.ratio(1, 3)).isEqualTo("0.33");
  }

  @Test
  void figuresReadBackAsTheBenchmarkWroteThem(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("comparison/flowable.properties");

    FLOWABLE.write(file);

    assertThat(EngineFigures.read(file)).isEqualTo(FLOWABLE);
  }

  private static String row(List<String> table, String prefix) {
    return table.stream()
        .filter(line -> line.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + prefix + " in " + table));
  }
}
