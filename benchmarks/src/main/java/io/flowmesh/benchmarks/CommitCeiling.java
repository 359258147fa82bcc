package io.flowmesh.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many durable commits per second this PostgreSQL takes on this machine: the number a relay
 * that commits once per event could never beat, and that batching is measured against.
 */
final class CommitCeiling {

  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  private CommitCeiling() {}

  /** pgbench's simple-update script ({@code -N}), scale 10, if pgbench is installed. */
  static Optional<Double> pgbench(DurablePostgres postgres, int clients, int threads, int seconds)
      throws Exception {
    Optional<Path> pgbench = findPgbench();
    if (pgbench.isEmpty()) {
      System.out.println("pgbench           : not found, skipped");
      return Optional.empty();
    }
    postgres.createDatabase("pgbench");
    List<String> connection =
        List.of("-h", "127.0.0.1", "-p", Integer.toString(postgres.port()), "-U", "postgres");
    List<String> init = new ArrayList<>(List.of(pgbench.get().toString(), "-i", "-q", "-s", "10"));
    init.addAll(connection);
    init.add("pgbench");
    run(init, Duration.ofMinutes(3));
    List<String> bench =
        new ArrayList<>(
            List.of(
                pgbench.get().toString(),
                "-N",
                "-c",
                Integer.toString(clients),
                "-j",
                Integer.toString(threads),
                "-T",
                Integer.toString(seconds)));
    bench.addAll(connection);
    bench.add("pgbench");
    System.out.println("pgbench command   : " + String.join(" ", bench));
    String output = run(bench, Duration.ofSeconds(seconds + 120));
    Matcher matcher = TPS.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("Unexpected pgbench output:\n" + output);
    }
    return Optional.of(Double.parseDouble(matcher.group(1)));
  }

  /** Single-row INSERTs, each its own durable commit, from {@code threads} JDBC connections. */
  static double jdbcSingleRowCommits(
      DurablePostgres postgres, String database, int threads, Duration duration) throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS commit_probe (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " payload TEXT NOT NULL)");
    }
    AtomicLong commits = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<FutureTask<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      FutureTask<Void> task =
          new FutureTask<>(
              () -> {
                try (Connection connection = postgres.connect(database);
                    PreparedStatement insert =
                        connection.prepareStatement(
                            "INSERT INTO commit_probe (payload) VALUES (?)")) {
                  connection.setAutoCommit(true);
                  while (System.nanoTime() < end) {
                    insert.setString(1, BenchEvent.DETAIL);
                    insert.executeUpdate();
                    commits.incrementAndGet();
                  }
                }
                return null;
              });
      tasks.add(task);
      Thread.ofPlatform().name("commit-probe-" + t).start(task);
    }
    for (FutureTask<Void> task : tasks) {
      task.get();
    }
    return commits.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static Optional<Path> findPgbench() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "pgbench");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    for (String version : List.of("17", "16", "15")) {
      Path candidate = Path.of("/usr/lib/postgresql", version, "bin", "pgbench");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", "postgres");
    Process process = builder.start();
    StringBuilder output = new StringBuilder();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    output.append(
                        new String(
                            process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                  } catch (IOException ignored) {
                    // the process ended
                  }
                });
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("Timed out: " + String.join(" ", command));
    }
    reader.join(5_000);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "Failed (" + process.exitValue() + "): " + String.join(" ", command) + "\n" + output);
    }
    return output.toString();
  }
}
