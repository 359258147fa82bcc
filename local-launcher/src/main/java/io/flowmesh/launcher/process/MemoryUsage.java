package io.flowmesh.launcher.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory of a process and its descendants, from {@code /proc}: resident set size (RSS, counts
 * shared pages in every process that maps them) and proportional set size (PSS, splits them).
 *
 * @param rssKib summed RSS in KiB
 * @param pssKib summed PSS in KiB (0 where the kernel does not report it)
 * @param processes how many processes were counted
 */
public record MemoryUsage(long rssKib, long pssKib, int processes) {

  /** The process and everything it started. */
  public static MemoryUsage ofTree(long pid) {
    List<Long> pids = new ArrayList<>();
    ProcessHandle.of(pid)
        .ifPresent(
            handle -> {
              pids.add(handle.pid());
              handle.descendants().forEach(child -> pids.add(child.pid()));
            });
    return sum(pids);
  }

  /** The process alone. */
  public static MemoryUsage of(long pid) {
    return sum(ProcessHandle.of(pid).isPresent() ? List.of(pid) : List.of());
  }

  private static MemoryUsage sum(List<Long> pids) {
    long rss = 0;
    long pss = 0;
    for (long each : pids) {
      rss += field(Path.of("/proc", Long.toString(each), "status"), "VmRSS:");
      pss += field(Path.of("/proc", Long.toString(each), "smaps_rollup"), "Pss:");
    }
    return new MemoryUsage(rss, pss, pids.size());
  }

  public MemoryUsage plus(MemoryUsage other) {
    return new MemoryUsage(
        rssKib + other.rssKib, pssKib + other.pssKib, processes + other.processes);
  }

  private static long field(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return 0;
  }
}
