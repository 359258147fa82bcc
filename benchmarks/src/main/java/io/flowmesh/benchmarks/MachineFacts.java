package io.flowmesh.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on. The machine may be shared: load average is printed too. */
final class MachineFacts {

  private MachineFacts() {}

  static void print() {
    System.out.printf("cpus (nproc)      : %d%n", Runtime.getRuntime().availableProcessors());
    System.out.printf("cpu model         : %s%n", firstValue("/proc/cpuinfo", "model name"));
    System.out.printf("memory            : %s%n", firstValue("/proc/meminfo", "MemTotal"));
    System.out.printf(
        "os                : %s, kernel %s%n", osName(), System.getProperty("os.version"));
    System.out.printf(
        "jdk               : %s %s (%s)%n",
        System.getProperty("java.vm.vendor"), Runtime.version(), System.getProperty("java.home"));
    System.out.printf("jvm max heap      : %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("load average      : %s%n", loadAverage());
    System.out.printf(
        "cpu reference     : %.0f ms (median of 5; lower is faster)%n",
        CpuReference.medianMillis());
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The file system type a path lives on, from /proc/mounts (longest matching mount point). */
  static String fileSystemOf(Path path) {
    try {
      String target = path.toRealPath().toString();
      String best = "";
      String type = "unknown";
      for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
        String[] parts = line.split(" ");
        String mount = parts[1];
        if ((target.equals(mount) || target.startsWith(mount.endsWith("/") ? mount : mount + "/"))
            && mount.length() > best.length()) {
          best = mount;
          type = parts[2] + " (" + parts[0] + " on " + mount + ")";
        }
      }
      return type;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String osName() {
    for (String line : lines("/etc/os-release")) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring("PRETTY_NAME=".length()).replace("\"", "");
      }
    }
    return System.getProperty("os.name");
  }

  private static String firstValue(String file, String key) {
    for (String line : lines(file)) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      return List.of();
    }
  }
}
