package io.flowmesh.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the machine did in each wall-clock second of a phase: where its CPU time went (busy, waiting
 * for the disk, stolen by the hypervisor for another guest), each process's CPU and the WAL's
 * flushes. Set against the seconds the slow runs started in, it says what a stall second had that
 * an ordinary one did not. WAL figures are approximate to a second: backends report them to the
 * statistics at most once a second.
 */
final class Timeline implements AutoCloseable {

  /** One sample, taken just after a wall-clock second began. */
  private record Sample(
      long epochSecond, long[] machineTicks, Map<String, Double> processMillis, double[] wal) {}

  /** The differences between a sample and the next: the second the first one began. */
  private record Second(
      double busyPercent,
      double iowaitPercent,
      double stealPercent,
      Map<String, Double> processMillis,
      double walSyncs,
      double walSyncMillis,
      double walMegabytes) {}

  private static final int USER = 0;
  private static final int IDLE = 3;
  private static final int IOWAIT = 4;
  private static final int STEAL = 7;

  private final ProcessCpu cpu;
  private final Connection connection;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;
  private final AtomicInteger missedSamples = new AtomicInteger();
  private volatile Exception lastMiss;

  private Timeline(ProcessCpu cpu, DurablePostgres postgres) throws SQLException {
    this.cpu = cpu;
    this.connection = postgres.connect("flowmesh");
    this.sampler = Thread.ofPlatform().name("timeline").daemon().start(this::sample);
  }

  static Timeline start(ProcessCpu cpu, DurablePostgres postgres) throws SQLException {
    return new Timeline(cpu, postgres);
  }

  /** Stops sampling; the samples stay for {@link #print}. */
  @Override
  public void close() throws Exception {
    running = false;
    sampler.interrupt();
    sampler.join();
    connection.close();
  }

  /**
   * Prints the phase's median second, then each of {@code seconds} (counted from {@code
   * phaseStartEpochSecond}) and the second before it.
   */
  void print(long phaseStartEpochSecond, List<Integer> seconds) {
    if (missedSamples.get() > 0) {
      System.out.printf(
          "  timeline        : %d samples missed, the last because of %s%n",
          missedSamples.get(), lastMiss);
    }
    Map<Long, Second> timeline = seconds();
    if (timeline.isEmpty()) {
      return;
    }
    System.out.println("  median second   : " + describe(median(timeline.values())));
    TreeSet<Long> shown = new TreeSet<>();
    for (int second : seconds) {
      shown.add(phaseStartEpochSecond + second - 1);
      shown.add(phaseStartEpochSecond + second);
    }
    for (long epochSecond : shown) {
      Second second = timeline.get(epochSecond);
      if (second != null) {
        System.out.printf(
            "  second %+4ds    : %s%n", epochSecond - phaseStartEpochSecond, describe(second));
      }
    }
  }

  private void sample() {
    while (running) {
      long now = System.currentTimeMillis();
      try {
        // just after the next second begins, so that a difference covers one wall-clock second
        Thread.sleep(1_000 - now % 1_000 + 20);
        long epochSecond = System.currentTimeMillis() / 1_000;
        synchronized (samples) {
          samples.add(new Sample(epochSecond, machineTicks(), cpu.snapshot(), wal()));
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | SQLException e) {
        // a missed sample leaves a gap of two seconds in the timeline; print says how many
        missedSamples.incrementAndGet();
        lastMiss = e;
      }
    }
  }

  private Map<Long, Second> seconds() {
    Map<Long, Second> timeline = new TreeMap<>();
    synchronized (samples) {
      for (int i = 0; i + 1 < samples.size(); i++) {
        Sample from = samples.get(i);
        Sample to = samples.get(i + 1);
        if (to.epochSecond() == from.epochSecond() + 1) {
          timeline.put(from.epochSecond(), difference(from, to));
        }
      }
    }
    return timeline;
  }

  private static Second difference(Sample from, Sample to) {
    long[] ticks = new long[from.machineTicks().length];
    long total = 0;
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = to.machineTicks()[i] - from.machineTicks()[i];
      total += ticks[i];
    }
    long idle = ticks[IDLE] + ticks[IOWAIT] + ticks[STEAL];
    Map<String, Double> processes = new TreeMap<>();
    to.processMillis()
        .forEach(
            (name, millis) ->
                processes.put(name, millis - from.processMillis().getOrDefault(name, millis)));
    double scale = total == 0 ? 0 : 100.0 / total;
    return new Second(
        (total - idle) * scale,
        ticks[IOWAIT] * scale,
        ticks[STEAL] * scale,
        processes,
        to.wal()[0] - from.wal()[0],
        to.wal()[1] - from.wal()[1],
        (to.wal()[2] - from.wal()[2]) / 1e6);
  }

  private static Second median(Iterable<Second> seconds) {
    List<Second> all = new ArrayList<>();
    seconds.forEach(all::add);
    Map<String, Double> processes = new TreeMap<>();
    all.getFirst()
        .processMillis()
        .keySet()
        .forEach(
            name ->
                processes.put(
                    name,
                    median(
                        all.stream()
                            .mapToDouble(s -> s.processMillis().getOrDefault(name, 0.0))
                            .toArray())));
    return new Second(
        median(all.stream().mapToDouble(Second::busyPercent).toArray()),
        median(all.stream().mapToDouble(Second::iowaitPercent).toArray()),
        median(all.stream().mapToDouble(Second::stealPercent).toArray()),
        processes,
        median(all.stream().mapToDouble(Second::walSyncs).toArray()),
        median(all.stream().mapToDouble(Second::walSyncMillis).toArray()),
        median(all.stream().mapToDouble(Second::walMegabytes).toArray()));
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    return values[values.length / 2];
  }

  private static String describe(Second second) {
    StringBuilder processes = new StringBuilder();
    second.processMillis().entrySet().stream()
        .filter(e -> e.getValue() >= 5)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> processes.append(String.format(" %s %.0f", e.getKey(), e.getValue())));
    return String.format(
        "cpu busy %.0f %%, iowait %.0f %%, steal %.0f %% | ms%s | wal %.0f syncs, %.0f ms, %.1f MB",
        second.busyPercent(),
        second.iowaitPercent(),
        second.stealPercent(),
        processes,
        second.walSyncs(),
        second.walSyncMillis(),
        second.walMegabytes());
  }

  /** The machine's CPU ticks so far: user nice system idle iowait irq softirq steal. */
  private static long[] machineTicks() throws IOException {
    String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
    String[] fields = line.trim().split("\\s+");
    long[] ticks = new long[STEAL + 1];
    for (int i = USER; i <= STEAL; i++) {
      ticks[i] = Long.parseLong(fields[i + 1]);
    }
    return ticks;
  }

  /** WAL flushes, their time in ms ({@code track_wal_io_timing}) and bytes written so far. */
  private double[] wal() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT wal_sync, wal_sync_time, wal_bytes FROM pg_stat_wal")) {
      rs.next();
      return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
    }
  }
}
