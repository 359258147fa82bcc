package io.flowmesh.launcher.postgres;

import io.flowmesh.launcher.process.ProcessInspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Deals with a PostgreSQL server left behind by a launcher that crashed. {@code pg_ctl} detaches
 * the postmaster from the launcher, so killing the launcher leaves it running; and a postmaster
 * that was itself killed leaves {@code postmaster.pid} behind, whose pid the system may hand to
 * another process later (then PostgreSQL refuses to start).
 */
final class StalePostmaster {

  private StalePostmaster() {}

  /**
   * Stops a postmaster still running on {@code dataDirectory} (fast shutdown, then immediate, then
   * SIGKILL) and removes a stale {@code postmaster.pid}.
   *
   * @return the pid of the postmaster that was stopped, if one was
   */
  static Optional<Long> cleanUp(Path dataDirectory, Duration grace) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    Optional<ProcessHandle> live =
        ProcessHandle.of(pid.get())
            .filter(ProcessHandle::isAlive)
            .filter(handle -> isPostmasterOf(pid.get(), dataDirectory));
    if (live.isPresent()) {
      stop(live.get(), grace);
    }
    try {
      // gone now, or never ours: either way the file only stands in the way
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + pidFile, e);
    }
    return live.map(ProcessHandle::pid);
  }

  static boolean isPostmasterOf(long pid, Path dataDirectory) {
    String option = "-D " + dataDirectory.toAbsolutePath().normalize();
    return ProcessInspector.commandLine(pid)
        .map(line -> line.endsWith(option) || line.contains(option + " "))
        .orElse(false);
  }

  private static void stop(ProcessHandle postmaster, Duration grace) {
    List<ProcessHandle> family = new ArrayList<>(postmaster.descendants().toList());
    ProcessInspector.signal(
        postmaster.pid(), "INT"); // fast shutdown: abort transactions, checkpoint
    if (!awaitExit(postmaster, grace)) {
      ProcessInspector.signal(postmaster.pid(), "QUIT"); // immediate: recovery on next start
      if (!awaitExit(postmaster, Duration.ofSeconds(5))) {
        postmaster.destroyForcibly();
        awaitExit(postmaster, Duration.ofSeconds(5));
      }
    }
    // backends still attached to shared memory would make the next start refuse
    family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    } catch (Exception e) {
      return !process.isAlive();
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.of(-1L); // unreadable: treated as stale and removed
    }
  }
}
