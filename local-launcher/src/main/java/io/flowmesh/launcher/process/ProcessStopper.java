package io.flowmesh.launcher.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops processes and everything they started: SIGTERM to all at once, a grace period, then SIGKILL
 * to whatever is still alive. Descendants are collected before the first signal, because once a
 * parent exits its children are re-parented and no longer show up as its descendants.
 */
public final class ProcessStopper {

  private ProcessStopper() {}

  /** Stops the processes and their descendants; returns how many had to be killed. */
  public static int stop(Collection<ProcessHandle> processes, Duration grace) {
    List<ProcessHandle> all = new ArrayList<>();
    for (ProcessHandle process : processes) {
      process.descendants().forEach(all::add);
      all.add(process);
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle process : all) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          process.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          // timed out: killed below
        }
      }
    }
    int killed = 0;
    for (ProcessHandle process : all) {
      if (process.isAlive()) {
        process.destroyForcibly();
        killed++;
      }
    }
    for (ProcessHandle process : all) {
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        // SIGKILL cannot be ignored; a zombie waits for its parent, nothing more to do
      }
    }
    return killed;
  }
}
