package io.flowmesh.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU of the benchmark's JVMs split by what their threads do, from {@code /proc/<pid>/task}.
 *
 * <ul>
 *   <li>{@code jit} and {@code gc} in every JVM: a run that is still compiling measures the JIT,
 *       not the platform's steady state, and these say how much of a figure that is.
 *   <li>In this JVM, {@code broker} and {@code load generator}: it hosts both the co-located Kafka
 *       broker, which is part of the platform, and the load generator, which is not.
 * </ul>
 */
final class ThreadCpu {

  /** Ticks so far of each live thread, by process name and thread id. */
  record Snapshot(Map<String, Map<Long, ThreadTicks>> processes) {}

  /**
   * @param group the thread's name with its numbers replaced by {@code #}, so that a pool's threads
   *     add up ({@code http-nio-#-exec-#})
   */
  record ThreadTicks(String category, String group, long ticks) {}

  private final List<String> names;

  /** The services to follow besides this JVM ("bench"), by a name their command line contains. */
  ThreadCpu(List<String> names) {
    this.names = List.copyOf(names);
  }

  Snapshot snapshot() {
    Map<String, Map<Long, ThreadTicks>> processes = new TreeMap<>();
    processes.put("bench", threadsOf(ProcessHandle.current().pid(), true));
    ProcessCpu.forEachService(
        names, (name, process) -> processes.put(name, threadsOf(process.pid(), false)));
    return new Snapshot(processes);
  }

  /**
   * Prints, per unit of work, the JIT's and the GC's CPU in each JVM and how this JVM's CPU divides
   * between broker and load generator.
   */
  static void print(Snapshot start, Snapshot end, long units, String unit) {
    Map<String, Map<String, Double>> spent = spent(start, end);
    System.out.println(line("jit ms per " + unit + "   :", spent, "jit", units));
    System.out.println(line("gc ms per " + unit + "    :", spent, "gc", units));
    Map<String, Double> bench = spent.getOrDefault("bench", Map.of());
    System.out.printf(
        "bench jvm per %s : broker %.2f, load generator %.2f (ms)%n",
        unit,
        bench.getOrDefault("broker", 0.0) / units,
        bench.getOrDefault("load generator", 0.0) / units);
  }

  /**
   * Prints the {@code limit} thread groups (a pool's threads together, by name) that took the most
   * CPU between the snapshots, per unit of work: which loop, pool or client a process's CPU goes
   * to.
   */
  static void printBusiestThreads(
      Snapshot start, Snapshot end, long units, String unit, int limit) {
    Map<String, Double> byGroup = new HashMap<>();
    end.processes()
        .forEach(
            (process, threads) -> {
              Map<Long, ThreadTicks> before = start.processes().getOrDefault(process, Map.of());
              threads.forEach(
                  (tid, now) -> {
                    long earlier = before.containsKey(tid) ? before.get(tid).ticks() : 0;
                    byGroup.merge(
                        process + " " + now.group(),
                        ProcessCpu.ticksToMillis(now.ticks() - earlier),
                        Double::sum);
                  });
            });
    byGroup.entrySet().stream()
        .filter(group -> group.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(limit)
        .forEach(
            group ->
                System.out.printf(
                    "  thread cpu      : %6.2f ms per %s  %s%n",
                    group.getValue() / units, unit, group.getKey()));
  }

  /** The share of all the followed JVMs' CPU between two snapshots that went to the JIT. */
  static double jitShare(Snapshot start, Snapshot end) {
    double jit = 0;
    double all = 0;
    for (Map<String, Double> categories : spent(start, end).values()) {
      jit += categories.getOrDefault("jit", 0.0);
      all += categories.values().stream().mapToDouble(Double::doubleValue).sum();
    }
    return all == 0 ? 0 : jit / all;
  }

  /** Milliseconds of CPU by process and category. Threads that ended in between are not counted. */
  private static Map<String, Map<String, Double>> spent(Snapshot start, Snapshot end) {
    Map<String, Map<String, Double>> spent = new TreeMap<>();
    end.processes()
        .forEach(
            (process, threads) -> {
              Map<Long, ThreadTicks> before = start.processes().getOrDefault(process, Map.of());
              threads.forEach(
                  (tid, now) -> {
                    long earlier = before.containsKey(tid) ? before.get(tid).ticks() : 0;
                    spent
                        .computeIfAbsent(process, p -> new TreeMap<>())
                        .merge(
                            now.category(),
                            ProcessCpu.ticksToMillis(now.ticks() - earlier),
                            Double::sum);
                  });
            });
    return spent;
  }

  private static String line(
      String label, Map<String, Map<String, Double>> spent, String category, long units) {
    StringBuilder line = new StringBuilder(label);
    spent.forEach(
        (process, categories) ->
            line.append(
                String.format(
                    " %s %.2f", process, categories.getOrDefault(category, 0.0) / units)));
    return line.toString();
  }

  private static Map<Long, ThreadTicks> threadsOf(long pid, boolean benchmark) {
    Map<Long, ThreadTicks> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = ProcessCpu.fieldsAfterName(stat);
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          threads.put(
              Long.parseLong(task.getFileName().toString()),
              new ThreadTicks(category(name, benchmark), name.replaceAll("[0-9]+", "#"), ticks));
        } catch (IOException e) {
          // the thread ended while the directory was read
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return threads;
  }

  /** By the thread's name as the kernel has it (at most 15 characters). */
  private static String category(String name, boolean benchmark) {
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (name.startsWith("GC Thread") || name.startsWith("VM Thread")) {
      return "gc"; // the serial collector runs in the VM thread, the parallel one in GC threads
    }
    if (!benchmark) {
      return "service";
    }
    // the main thread (the kernel knows it as "java", the launcher's name) paces the load and
    // polls the database for finished runs
    boolean loadGenerator =
        name.startsWith("HttpClient") || name.startsWith("ForkJoinPool") || name.equals("java");
    return loadGenerator ? "load generator" : "broker";
  }
}
