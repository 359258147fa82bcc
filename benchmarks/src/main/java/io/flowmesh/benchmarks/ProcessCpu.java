package io.flowmesh.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * CPU time per process of a co-located benchmark, so that a phase can be charged per unit of work
 * to the process that spent it: this JVM, each service process started under it (named by the first
 * of {@code names} its command line contains) and the PostgreSQL server. On a shared machine CPU
 * per unit holds still where throughput does not.
 */
final class ProcessCpu {

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private final DurablePostgres postgres;
  private final List<String> names;

  ProcessCpu(DurablePostgres postgres, List<String> names) {
    this.postgres = postgres;
    this.names = List.copyOf(names);
  }

  /** Milliseconds of CPU so far, by process name; "bench" is this JVM, "postgres" the server. */
  Map<String, Double> snapshot() throws IOException {
    Map<String, Double> millis = new TreeMap<>();
    millis.put("bench", millisOf(ProcessHandle.current()));
    forEachService(names, (name, process) -> millis.merge(name, millisOf(process), Double::sum));
    millis.put("postgres", postgresMillis(postgres));
    return millis;
  }

  /** Each process started under this JVM whose command line contains one of {@code names}. */
  static void forEachService(List<String> names, BiConsumer<String, ProcessHandle> action) {
    ProcessHandle.current()
        .descendants()
        .forEach(
            process -> {
              String command = process.info().commandLine().orElse("");
              names.stream()
                  .filter(command::contains)
                  .findFirst()
                  .ifPresent(name -> action.accept(name, process));
            });
  }

  /**
   * Prints each process's CPU between the snapshots per unit, largest first, and the total.
   *
   * @return the total per unit, in milliseconds
   */
  static double print(String what, Map<String, Double> start, Map<String, Double> end, long units) {
    StringBuilder line = new StringBuilder();
    double total = 0;
    List<Map.Entry<String, Double>> spent =
        end.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0.0)))
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .toList();
    for (Map.Entry<String, Double> process : spent) {
      double perUnit = process.getValue() / units;
      total += perUnit;
      line.append(String.format(" %s %.2f", process.getKey(), perUnit));
    }
    System.out.printf("cpu ms per %s: total %.2f =%s%n", what, total, line);
    return total;
  }

  private static double millisOf(ProcessHandle process) {
    return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0);
  }

  /**
   * Milliseconds of CPU of the PostgreSQL server so far: utime + stime of the postmaster, the
   * children it has reaped (exited backends) and its live children (backends, background workers).
   */
  static double postgresMillis(DurablePostgres postgres) throws IOException {
    return ticksToMillis(postgresTicks(postgres));
  }

  private static long postgresTicks(DurablePostgres postgres) throws IOException {
    Path pidFile = postgres.dataDirectory().resolve("postmaster.pid");
    long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    long ticks = ticksOf(postmaster, true);
    Path children =
        Path.of("/proc", Long.toString(postmaster), "task", Long.toString(postmaster), "children");
    for (String child : Files.readString(children).trim().split("\\s+")) {
      if (!child.isEmpty()) {
        ticks += ticksOf(Long.parseLong(child), false);
      }
    }
    return ticks;
  }

  /**
   * The fields of a {@code /proc/.../stat} line after the name, which may contain spaces:
   * fields[11] is utime and fields[12] stime (fields 14 and 15 of proc(5), counted from state),
   * fields[13] and fields[14] the same of reaped children.
   */
  static String[] fieldsAfterName(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  static double ticksToMillis(long ticks) {
    return ticks * 1000.0 / TICKS_PER_SECOND;
  }

  private static long ticksOf(long pid, boolean withReapedChildren) {
    try {
      String[] fields =
          fieldsAfterName(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
      long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return withReapedChildren
          ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14])
          : own;
    } catch (IOException | RuntimeException e) {
      return 0; // exited in between
    }
  }
}
