package io.flowmesh.launcher.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the operating system says about a pid. */
public final class ProcessInspector {

  private ProcessInspector() {}

  /**
   * The full command line of a live process, arguments separated by spaces. Read from {@code
   * /proc/<pid>/cmdline} (complete, unlike {@link ProcessHandle.Info}, which may truncate).
   */
  public static Optional<String> commandLine(long pid) {
    Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
    try {
      byte[] raw = Files.readAllBytes(cmdline);
      if (raw.length > 0) {
        return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
      }
    } catch (IOException e) {
      // not Linux, or the process is gone: fall back to what the JDK knows
    }
    return ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine());
  }

  /**
   * The live process with this pid, if {@code marker} is one of its command line's arguments (a
   * whole argument: {@code -Dflowmesh.workspace=/a} does not match {@code
   * -Dflowmesh.workspace=/a/b}).
   */
  public static Optional<ProcessHandle> liveWithMarker(long pid, String marker) {
    if (pid <= 0 || pid == ProcessHandle.current().pid()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            handle ->
                commandLine(pid)
                    .map(line -> (" " + line + " ").contains(" " + marker + " "))
                    .orElse(false));
  }

  /** Sends a signal by name (e.g. {@code INT}); false if it could not be sent. */
  public static boolean signal(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return kill.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
