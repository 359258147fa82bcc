package io.flowmesh.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JFR recording ({@code settings=profile}) of every service and of this JVM for one phase of a
 * benchmark only, through {@code jcmd}: a recording from the JVM's start (as {@code bench.jfr}
 * makes) is dominated by the warm-up and the saturation phase, and says little about where a run's
 * CPU goes at a paced load. Only when {@code bench.phase-jfr} names a directory; one file per
 * process, {@code <phase>-<process>.jfr}. Read them with {@code jfr view hot-methods FILE}.
 */
final class PhaseRecording implements AutoCloseable {

  private static final String NAME = "flowmesh-phase";

  private final Path directory;
  private final String phase;
  private final Map<String, Long> pids;

  private PhaseRecording(Path directory, String phase, Map<String, Long> pids) {
    this.directory = directory;
    this.phase = phase;
    this.pids = pids;
  }

  /** Starts recording the services named (and this JVM, as "bench"), or nothing if not asked. */
  static AutoCloseable start(List<String> services, String phase)
      throws IOException, InterruptedException {
    String directory = System.getProperty("bench.phase-jfr", "");
    if (directory.isBlank()) {
      return () -> {};
    }
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("bench", ProcessHandle.current().pid());
    ProcessCpu.forEachService(services, (name, process) -> pids.put(name, process.pid()));
    PhaseRecording recording = new PhaseRecording(Path.of(directory), phase, pids);
    Files.createDirectories(recording.directory);
    for (long pid : pids.values()) {
      jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
    }
    return recording;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String fileSafePhase = phase.replaceAll("[^A-Za-z0-9]+", "-");
    for (Map.Entry<String, Long> process : pids.entrySet()) {
      Path file = directory.resolve(fileSafePhase + "-" + process.getKey() + ".jfr");
      jcmd(process.getValue(), "JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
    }
    System.out.println(
        "  recordings      : " + directory.toAbsolutePath() + "/" + fileSafePhase + "-*.jfr");
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    List<String> line =
        new ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid)));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
    }
  }
}
