package io.flowmesh.launcher.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the launcher, its output in a log file.
 *
 * <p>Started in a session of its own ({@code setsid}) so that Ctrl-C in the terminal reaches only
 * the launcher, which then stops the children in order (services, then Kafka, then PostgreSQL)
 * instead of all of them racing each other.
 */
public final class ChildProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with the launcher's environment plus {@code environment}, stdout and
   * stderr to {@code log} (truncated).
   */
  public static ChildProcess start(
      String name, List<String> command, Map<String, String> environment, Path log) {
    return start(name, command, environment, log, false);
  }

  /**
   * As {@link #start(String, List, Map, Path)}, appending to {@code log} if {@code append}: a
   * process started again after a crash keeps the crashed one's output above its own.
   */
  public static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      boolean append) {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // the child is never a process group leader, so setsid execs in place: same pid
      full.add(SETSID.toString());
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(
        append
            ? ProcessBuilder.Redirect.appendTo(log.toFile())
            : ProcessBuilder.Redirect.to(log.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      Files.createDirectories(log.getParent());
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Exit code, if it has exited. */
  public Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** The last lines of its log, for error messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL, as a crash would, and waits until it is gone (at most 30 s). */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, up to {@code grace} to exit, then SIGKILL; descendants included. */
  public void stop(Duration grace) {
    ProcessStopper.stop(List.of(process.toHandle()), grace);
  }
}
