package io.flowmesh.launcher.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cleans up after a launcher that died without stopping its children (kill -9, power loss of the
 * terminal): every pid in the pid file whose live process still carries the workspace marker is
 * stopped; a pid that is gone or now belongs to an unrelated process is ignored.
 */
public final class StaleProcesses {

  private StaleProcesses() {}

  /** Stops the leftovers and deletes the pid file; returns the names of what was stopped. */
  public static List<String> reap(PidFile pidFile, String marker, Duration grace) {
    List<String> names = new ArrayList<>();
    List<ProcessHandle> leftovers = new ArrayList<>();
    for (PidFile.Entry entry : pidFile.read()) {
      Optional<ProcessHandle> process = ProcessInspector.liveWithMarker(entry.pid(), marker);
      if (process.isPresent()) {
        names.add(entry.name() + " (pid " + entry.pid() + ")");
        leftovers.add(process.get());
      }
    }
    if (!leftovers.isEmpty()) {
      ProcessStopper.stop(leftovers, grace);
    }
    pidFile.delete();
    return names;
  }
}
