package io.flowmesh.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The figures an engine benchmark hands to {@link EmbeddedEngineComparison}: one JVM per engine, so
 * they travel through a file ({@code bench.results-file}) rather than memory.
 *
 * @param engine what was measured, as the table names it
 * @param runsPerSecond completed runs (process instances) per second at saturation
 * @param steadyP50Millis start-to-complete p50 at the paced rate, from the engine's own timestamps
 * @param steadyP99Millis the same, p99
 * @param steadyCpuMillisPerRun CPU of every process involved per run at the paced rate
 * @param saturationCpuMillisPerRun the same at saturation
 * @param loadAverage the machine's load average when the benchmark started
 * @param measuredAt when the benchmark finished
 */
record EngineFigures(
    String engine,
    double runsPerSecond,
    double steadyP50Millis,
    double steadyP99Millis,
    double steadyCpuMillisPerRun,
    double saturationCpuMillisPerRun,
    String loadAverage,
    Instant measuredAt) {

  /** Writes the figures where {@code bench.results-file} says, if it does. */
  void writeIfAsked() throws IOException {
    Optional<Path> file =
        Optional.ofNullable(System.getProperty("bench.results-file"))
            .filter(name -> !name.isBlank())
            .map(Path::of);
    if (file.isPresent()) {
      write(file.get());
      System.out.println("results file      : " + file.get().toAbsolutePath());
    }
  }

  void write(Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("engine", engine);
    properties.setProperty("runs-per-second", Double.toString(runsPerSecond));
    properties.setProperty("steady-p50-millis", Double.toString(steadyP50Millis));
    properties.setProperty("steady-p99-millis", Double.toString(steadyP99Millis));
    properties.setProperty("steady-cpu-millis-per-run", Double.toString(steadyCpuMillisPerRun));
    properties.setProperty(
        "saturation-cpu-millis-per-run", Double.toString(saturationCpuMillisPerRun));
    properties.setProperty("load-average", loadAverage);
    properties.setProperty("measured-at", measuredAt.toString());
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, "figures of one engine benchmark (EmbeddedEngineComparison)");
    }
  }

  static EngineFigures read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return new EngineFigures(
        required(properties, "engine", file),
        number(properties, "runs-per-second", file),
        number(properties, "steady-p50-millis", file),
        number(properties, "steady-p99-millis", file),
        number(properties, "steady-cpu-millis-per-run", file),
        number(properties, "saturation-cpu-millis-per-run", file),
        required(properties, "load-average", file),
        Instant.parse(required(properties, "measured-at", file)));
  }

  private static double number(Properties properties, String key, Path file) {
    return Double.parseDouble(required(properties, key, file));
  }

  private static String required(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException(file + " has no " + key);
    }
    return value;
  }
}
